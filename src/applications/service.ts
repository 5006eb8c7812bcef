import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { auditChange } from '../audit/service.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import { issueToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { createApplicationKey } from '../developer-keys/service.ts';
import { requestReapproval } from '../integrations/requests.ts';
import { narrowApplicationGrants } from '../integrations/service.ts';
import { checkPermissionSet } from '../permissions/rules.ts';
import { wake } from '../webhooks/publish.ts';
import { type ApplicationRow, presentApplication } from './presenters.ts';
import type { CreateApplicationBody, UpdateApplicationBody } from './schema.ts';
import * as store from './store.ts';

function newSecret() {
  const { token, hash, hint } = issueToken('applicationSecret');
  return { secret: token, secret_hash: hash, secret_hint: hint };
}

/**
 * A new application with its own developer key (client id = application id, client secret =
 * application secret, as on Edlink); the secret is in the answer and nowhere else.
 */
export async function createApplication(
  db: Executor,
  member: Member,
  teamId: string,
  input: Static<typeof CreateApplicationBody>,
) {
  const requested = input.requested_permissions ?? [];
  checkPermissionSet(requested, 'body.requested_permissions');
  const { secret, ...hashed } = newSecret();
  return db.transaction().execute(async (tx) => {
    const application = await store.insertApplication(tx, {
      id: randomUUID(),
      team_id: teamId,
      name: input.name,
      description: input.description ?? null,
      icon_url: input.icon_url ?? null,
      webhook_url: input.webhook_url ?? null,
      email: input.email ?? null,
      identity_link_url: input.identity_link_url ?? null,
      redirect_uris: JSON.stringify(input.redirect_uris ?? []),
      requested_permissions: JSON.stringify(requested),
      ...hashed,
    });
    await createApplicationKey(tx, application);
    await audit(tx, member, 'application.created', undefined, application);
    return { application, secret };
  });
}

/**
 * Narrowing the requested permissions narrows every integration's grant with them; widening them
 * widens no grant but asks each organization to approve again.
 */
export async function updateApplication(
  ctx: AppContext,
  member: Member,
  before: ApplicationRow,
  input: Static<typeof UpdateApplicationBody>,
) {
  const { redirect_uris, requested_permissions, ...rest } = input;
  if (requested_permissions) checkPermissionSet(requested_permissions, 'body.requested_permissions');
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const application = await store.updateApplication(tx, before.id, {
      ...rest,
      ...(redirect_uris ? { redirect_uris: JSON.stringify(redirect_uris) } : {}),
      ...(requested_permissions ? { requested_permissions: JSON.stringify(requested_permissions) } : {}),
    });
    if (requested_permissions) {
      await narrowApplicationGrants(tx, actorOf(member), application.id, requested_permissions);
      await requestReapproval(tx, actorOf(member), application.id, before.requested_permissions, requested_permissions);
    }
    await audit(tx, member, 'application.updated', before, application);
    return application;
  });
  await wake(ctx);
  return updated;
}

/** A new secret; the old one stops working at once. */
export async function rotateSecret(db: Executor, member: Member, before: ApplicationRow) {
  const { secret, ...hashed } = newSecret();
  return db.transaction().execute(async (tx) => {
    const application = await store.updateApplication(tx, before.id, hashed);
    await audit(tx, member, 'application.secret_rotated', before, application);
    return { application, secret };
  });
}

/** Deleting an application ends every integration with it. */
export async function deleteApplication(db: Executor, member: Member, application: ApplicationRow): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await store.deleteApplication(tx, application.id);
    await audit(tx, member, 'application.deleted', application, undefined);
  });
}

function audit(
  tx: Executor,
  member: Member,
  action: string,
  before: ApplicationRow | undefined,
  after: ApplicationRow | undefined,
) {
  return auditChange(tx, actorOf(member), action, presentApplication, before, after);
}
