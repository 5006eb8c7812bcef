import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { findApplication } from '../applications/store.ts';
import { recordAudit } from '../audit/service.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import { canGrant } from '../auth/roles.ts';
import { issueToken } from '../auth/tokens.ts';
import type { Executor } from '../db/connection.ts';
import { InvalidRequestBody, NoPermission } from '../lib/errors.ts';
import type { Role } from '../teams/tables.ts';
import { presentKey } from './presenters.ts';
import { checkRedirectUris } from './redirect-uris.ts';
import type { CreateKeyBody, UpdateKeyBody } from './schema.ts';
import * as store from './store.ts';

/** What a key's scopes are checked against: the catalog generated from the router. */
export type KnownScopes = { has(scope: string): boolean };

function newSecret() {
  const { token, hash, hint } = issueToken('clientSecret');
  return { secret: token, secret_hash: hash, secret_hint: hint };
}

function checkScopes(scopes: readonly string[] | undefined, known: KnownScopes): string | undefined {
  if (scopes === undefined) return undefined;
  const unknown = scopes.filter((scope) => !known.has(scope));
  if (unknown.length > 0)
    throw new InvalidRequestBody(
      `body.scopes: cannot contain ${unknown.join(', ')}; GET /api/v1/teams/:team_id/scopes lists them`,
    );
  return JSON.stringify([...new Set(scopes)]);
}

const json = <T>(value: T | null | undefined) =>
  value === undefined ? undefined : value === null ? null : JSON.stringify(value);

/**
 * The application's own key, made with the application: its client id is the application id and
 * its secret the application secret, as Edlink's are. Like every new key it starts `off`.
 */
export async function createApplicationKey(tx: Executor, application: { id: string }): Promise<void> {
  await store.insertKey(tx, { id: application.id, application_id: application.id, team_id: null, scopes: '[]' });
  await store.insertBinding(tx, { id: randomUUID(), developer_key_id: application.id, team_id: null, state: 'off' });
}

/** A new key owned by `teamId`, or global; its binding on its owner starts `off`, as Canvas's keys do. */
export async function createKey(
  db: Executor,
  member: Member,
  teamId: string,
  role: Role,
  input: Static<typeof CreateKeyBody>,
  known: KnownScopes,
) {
  const application = await findApplication(db, input.application_id);
  if (!application) throw new InvalidRequestBody(`body.application_id: no application with id ${input.application_id}`);
  const global = input.global ?? false;
  if (global && application.team_id !== teamId)
    throw new InvalidRequestBody('body.global: only the application’s own team creates global keys for it');
  const credentialsRole = input.client_credentials_role ?? null;
  checkClientCredentials(global, input.client_type ?? 'confidential', credentialsRole, member, role);
  checkRedirectUris(input.redirect_uris);
  const scopes = checkScopes(input.scopes, known) ?? '[]';
  const hashed =
    input.client_type === 'public' ? { secret: undefined, secret_hash: null, secret_hint: null } : newSecret();
  return db.transaction().execute(async (tx) => {
    const key = await store.insertKey(tx, {
      id: randomUUID(),
      application_id: application.id,
      team_id: global ? null : teamId,
      name: input.name ?? null,
      email: input.email ?? null,
      icon_url: input.icon_url ?? null,
      notes: input.notes ?? null,
      redirect_uris: json(input.redirect_uris) ?? null,
      scopes,
      require_scopes: input.require_scopes ?? false,
      allow_includes: input.allow_includes ?? false,
      client_type: input.client_type ?? 'confidential',
      ...credentialsSetter(member, credentialsRole),
      secret_hash: hashed.secret_hash,
      secret_hint: hashed.secret_hint,
    });
    await store.insertBinding(tx, { id: randomUUID(), developer_key_id: key.id, team_id: key.team_id, state: 'off' });
    await audit(tx, member, 'developer_key.created', undefined, key);
    return { key, secret: hashed.secret };
  });
}

/**
 * Client credentials act in one team with a role no higher than the creator's, and need a secret.
 * Only a member acting for itself sets that role: a client-credentials token would otherwise
 * hand its own powers on to a key it controls.
 */
function checkClientCredentials(
  global: boolean,
  clientType: string,
  credentialsRole: Role | null,
  member: Member,
  role: Role,
): void {
  if (credentialsRole === null) return;
  if (member.kind === 'client')
    throw new NoPermission("A client-credentials token cannot set a key's client_credentials_role; a member must.");
  if (global)
    throw new InvalidRequestBody('body.client_credentials_role: a global key has no team to act in; make a team key');
  if (clientType === 'public')
    throw new InvalidRequestBody('body.client_credentials_role: a public client has no secret to authenticate with');
  if (!canGrant(role, credentialsRole))
    throw new NoPermission(`A ${role} cannot create a key acting as '${credentialsRole}'.`);
}

/** The role and who set it: the key's tokens act with the lower of that role and the setter's current one. */
function credentialsSetter(member: Member, credentialsRole: Role | null) {
  const setter = credentialsRole === null || member.kind === 'client' ? null : member;
  return {
    client_credentials_role: credentialsRole,
    client_credentials_set_by_type: setter?.kind ?? null,
    client_credentials_set_by_id: setter?.id ?? null,
  };
}

/**
 * Nobody changes, regenerates, deletes or turns on a key that acts above their own role: each of
 * those would let them obtain, or keep, tokens with powers they do not have.
 */
export function checkKeyWithinRole(key: Pick<store.KeyView, 'client_credentials_role'>, role: Role): void {
  const acts = key.client_credentials_role;
  if (acts && !canGrant(role, acts))
    throw new NoPermission(`This key acts as '${acts}', above your role '${role}'; only a ${acts} may manage it.`);
}

/**
 * Removing any scope ends every token of the key (clients must sign in again for the narrower
 * set); adding scopes leaves tokens as they are. Deactivating stops tokens at once, as each use
 * checks the key's state; reactivating revives them.
 */
export async function updateKey(
  db: Executor,
  member: Member,
  before: store.KeyView,
  role: Role,
  input: Static<typeof UpdateKeyBody>,
  known: KnownScopes,
) {
  checkKeyWithinRole(before, role);
  const { redirect_uris, scopes: _scopes, client_credentials_role: credentialsRole, ...rest } = input;
  if (credentialsRole !== undefined)
    checkClientCredentials(before.team_id === null, before.client_type, credentialsRole, member, role);
  checkRedirectUris(redirect_uris);
  const scopes = checkScopes(input.scopes, known);
  const removed = input.scopes !== undefined && before.scopes.some((scope) => !input.scopes?.includes(scope));
  return db.transaction().execute(async (tx) => {
    const key = await store.updateKey(tx, before.id, {
      ...rest,
      ...(credentialsRole !== undefined ? credentialsSetter(member, credentialsRole) : {}),
      ...(scopes ? { scopes } : {}),
      ...(redirect_uris !== undefined ? { redirect_uris: json(redirect_uris) } : {}),
    });
    if (removed) await store.revokeKeyGrants(tx, key.id);
    await audit(tx, member, 'developer_key.updated', before, key);
    return key;
  });
}

/** Soft delete: the row stays, every token ends. The application's own key goes only with the application. */
export async function deleteKey(db: Executor, member: Member, before: store.KeyView, role: Role) {
  checkKeyWithinRole(before, role);
  if (before.id === before.application_id)
    throw new InvalidRequestBody(
      "The application's own key can be deactivated, not deleted; delete the application instead.",
    );
  return db.transaction().execute(async (tx) => {
    const key = await store.updateKey(tx, before.id, { state: 'deleted' });
    await store.revokeKeyGrants(tx, key.id);
    await audit(tx, member, 'developer_key.deleted', before, key);
    return key;
  });
}

/** A new client secret; the old one stops at once, issued tokens keep working. */
export async function regenerateSecret(db: Executor, member: Member, before: store.KeyView, role: Role) {
  checkKeyWithinRole(before, role);
  if (before.id === before.application_id)
    throw new InvalidRequestBody("The application's own key uses the application secret; rotate that instead.");
  if (before.client_type === 'public') throw new InvalidRequestBody('A public client has no secret.');
  const { secret, ...hashed } = newSecret();
  return db.transaction().execute(async (tx) => {
    const key = await store.updateKey(tx, before.id, hashed);
    await audit(tx, member, 'developer_key.secret_regenerated', before, key);
    return { key, secret };
  });
}

/**
 * Creates or changes a team's binding of a key (`teamId` null: the platform's). Answers whether
 * it was created, which the route reports as 201 rather than 200.
 */
export async function setBinding(
  db: Executor,
  member: Member,
  key: store.KeyView,
  teamId: string | null,
  state: 'on' | 'off' | 'allow',
  role: Role,
) {
  // Turning a key off is always allowed: it only takes powers away.
  if (state !== 'off') checkKeyWithinRole(key, role);
  return db.transaction().execute(async (tx) => {
    const existing = await store.findBinding(tx, key.id, teamId);
    const binding = existing
      ? await store.updateBinding(tx, existing.id, state)
      : await store.insertBinding(tx, { id: randomUUID(), developer_key_id: key.id, team_id: teamId, state });
    await recordAudit(tx, {
      teamId: teamId ?? key.application_team_id,
      actor: actorOf(member),
      action: 'developer_key.binding_set',
      target: { type: 'developer_key', id: key.id },
      before: existing ? { state: existing.state, team_id: teamId } : null,
      after: { state, team_id: teamId },
    });
    return { binding, created: !existing };
  });
}

function audit(tx: Executor, member: Member, action: string, before: store.KeyView | undefined, after: store.KeyView) {
  return recordAudit(tx, {
    teamId: after.team_id ?? after.application_team_id,
    actor: actorOf(member),
    action,
    target: { type: 'developer_key', id: after.id },
    before: before ? presentKey(before) : null,
    after: presentKey(after),
  });
}
