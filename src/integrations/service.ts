import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { findApplication } from '../applications/store.ts';
import type { Actor } from '../audit/service.ts';
import { issueToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { onIntegrationChanged, onIntegrationDeleted } from '../graph/changes.ts';
import { Conflict, InvalidRequestBody } from '../lib/errors.ts';
import { checkPermissionSet, checkWithinRequested } from '../permissions/rules.ts';
import { findSource } from '../sources/store.ts';
import { publishIntegration, publishStatusChange, wake } from '../webhooks/publish.ts';
import { publishEventsWaiting } from '../webhooks/source-topics.ts';
import { audit } from './audit.ts';
import { scheduleStatusChanges } from './schedule.ts';
import type { CreateIntegrationBody, UpdateIntegrationBody } from './schema.ts';
import { checkSharing } from './sharing.ts';
import { statusAt } from './status.ts';
import * as store from './store.ts';
import type { IntegrationStatus } from './tables.ts';

export const TOKEN_CONTEXT = 'integrations.token_sealed';

export type Terms = {
  permissions: string[];
  scope: 'all' | 'selected';
  targets: string[];
  start_date: Date | null;
  end_date: Date | null;
  requested_status: IntegrationStatus;
};

/** Every rule a grant must satisfy, checked before anything is written. */
export async function checkTerms(
  db: Executor,
  sourceId: string,
  requested: readonly string[],
  terms: Terms,
): Promise<void> {
  checkPermissionSet(terms.permissions, 'body.permissions');
  checkWithinRequested(terms.permissions, requested, 'body.permissions');
  if (terms.start_date && terms.end_date && terms.start_date >= terms.end_date)
    throw new InvalidRequestBody('body.end_date: must be after start_date');
  await checkSharing(db, sourceId, terms);
}

/** The columns a grant's terms are stored in, with the status they give now. */
export function termColumns(terms: Terms) {
  const { permissions, targets } = terms;
  return {
    ...terms,
    permissions: JSON.stringify(permissions),
    targets: JSON.stringify(targets),
    status: statusAt(terms, new Date()),
  };
}

/** Whether what the integration reads changed, which writes entries to its feed. */
const grantChanged = (before: store.IntegrationView, after: store.IntegrationView) =>
  ['permissions', 'scope', 'targets'].some(
    (key) => JSON.stringify(before[key as keyof typeof before]) !== JSON.stringify(after[key as keyof typeof after]),
  );

export const toDate = (value: string | null | undefined) => (value ? new Date(value) : null);

export async function newAccessToken(ctx: AppContext) {
  const { token, hash } = issueToken('integrationToken');
  return { token, token_hash: hash, token_sealed: await ctx.keyring.seal(token, TOKEN_CONTEXT) };
}

export async function createIntegration(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  input: Static<typeof CreateIntegrationBody>,
) {
  const source = await findSource(ctx.db, input.source_id);
  if (source?.team_id !== teamId)
    throw new InvalidRequestBody(`body.source_id: no source with id ${input.source_id} in this team`);
  const application = await findApplication(ctx.db, input.application_id);
  if (!application) throw new InvalidRequestBody(`body.application_id: no application with id ${input.application_id}`);
  const terms: Terms = {
    permissions: input.permissions,
    scope: input.scope,
    targets: input.targets ?? [],
    start_date: toDate(input.start_date),
    end_date: toDate(input.end_date),
    requested_status: input.status ?? 'active',
  };
  await checkTerms(ctx.db, source.id, application.requested_permissions, terms);
  const { token: _token, ...token } = await newAccessToken(ctx);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const id = randomUUID();
    const created = await store.insertIntegration(tx, {
      id,
      team_id: teamId,
      source_id: source.id,
      application_id: application.id,
      ...termColumns(terms),
      ...token,
    });
    await onIntegrationChanged(tx, id);
    await audit(tx, actor, 'integration.created', undefined, created);
    await publishStatusChange(tx, undefined, created);
    await publishEventsWaiting(tx, created);
    return created;
  });
  await wake(ctx);
  await scheduleStatusChanges(ctx, row);
  return row;
}

/** Permission, scope and target changes keep the access token; source and application are fixed. */
export async function updateIntegration(
  ctx: AppContext,
  actor: Actor,
  before: store.IntegrationView,
  input: Static<typeof UpdateIntegrationBody>,
) {
  if (input.source_id !== undefined && input.source_id.toLowerCase() !== before.source_id) {
    throw new InvalidRequestBody(
      'body.source_id: the source of an integration cannot change; create a new integration for another source',
    );
  }
  if (input.application_id !== undefined && input.application_id.toLowerCase() !== before.application_id) {
    throw new InvalidRequestBody('body.application_id: the application of an integration cannot change');
  }
  const scope = input.scope ?? before.scope;
  const terms: Terms = {
    permissions: input.permissions ?? before.permissions,
    scope,
    targets: input.targets ?? (scope === 'all' ? [] : before.targets),
    start_date: input.start_date === undefined ? before.start_date : toDate(input.start_date),
    end_date: input.end_date === undefined ? before.end_date : toDate(input.end_date),
    requested_status: input.status ?? before.requested_status,
  };
  if (before.source_id === null)
    throw new Conflict('The integration is requested: approve or decline it (POST …/approve, …/decline).');
  await checkTerms(ctx.db, before.source_id, before.application_requested_permissions, terms);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const updated = await store.updateIntegration(tx, before.id, {
      ...termColumns(terms),
    });
    await onIntegrationChanged(tx, before.id);
    await audit(tx, actor, 'integration.updated', before, updated);
    await publishStatusChange(tx, before, updated);
    if (grantChanged(before, updated)) await publishEventsWaiting(tx, updated);
    return updated;
  });
  await wake(ctx);
  await scheduleStatusChanges(ctx, row);
  return row;
}

/** The access token dies with the integration; a re-created one gets a new token. */
export async function deleteIntegration(ctx: AppContext, actor: Actor, row: store.IntegrationView): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await store.deleteIntegration(tx, row.id);
    if (row.source_id !== null) await onIntegrationDeleted(tx, row.source_id);
    await audit(tx, actor, 'integration.deleted', row, undefined);
  });
}

/**
 * A new access token; the old one keeps working for `graceSeconds`, then never again. Tokens
 * retired by earlier rotations keep their own grace.
 */
export async function rotateToken(ctx: AppContext, actor: Actor, before: store.IntegrationView, graceSeconds: number) {
  if (before.status === 'requested')
    throw new Conflict('The integration is requested: it has a token once approved (POST …/approve).');
  const token = await newAccessToken(ctx);
  const now = new Date();
  const row = await ctx.db.transaction().execute(async (tx) => {
    await store.retireToken(tx, before.id, before.token_hash, new Date(now.getTime() + graceSeconds * 1000), now);
    const updated = await store.updateIntegration(tx, before.id, {
      token_hash: token.token_hash,
      token_sealed: token.token_sealed,
    });
    await audit(tx, actor, 'integration.token_rotated', before, updated);
    await publishIntegration(tx, 'integration.token.rotated', updated);
    return updated;
  });
  await wake(ctx);
  return { row, token: token.token };
}

/**
 * After an application narrows its requested permissions, every grant is narrowed with them.
 * Both sets hold the parents of their members, so their intersection does too.
 */
export async function narrowApplicationGrants(
  tx: Executor,
  actor: Actor,
  applicationId: string,
  requested: readonly string[],
): Promise<void> {
  for (const before of await store.integrationsOfApplication(tx, applicationId)) {
    const permissions = before.permissions.filter((id) => requested.includes(id));
    if (permissions.length === before.permissions.length) continue;
    const updated = await store.updateIntegration(tx, before.id, { permissions: JSON.stringify(permissions) });
    await onIntegrationChanged(tx, before.id);
    await audit(tx, actor, 'integration.updated', before, updated);
  }
}

/**
 * The access token, opened from its sealed copy, for the application's own view; none while the
 * integration is only requested, as nothing has been granted to read with it.
 */
export async function openAccessToken(ctx: AppContext, row: store.IntegrationView): Promise<string | undefined> {
  if (row.status === 'requested') return undefined;
  return ctx.keyring.open(row.token_sealed, TOKEN_CONTEXT);
}
