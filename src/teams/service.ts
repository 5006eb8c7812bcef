import { randomBytes, randomUUID } from 'node:crypto';
import { type Actor, recordAudit } from '../audit/service.ts';
import { checkPassword } from '../auth/passwords.ts';
import type { Member } from '../auth/principal.ts';
import { canGrant } from '../auth/roles.ts';
import { issueToken } from '../auth/tokens.ts';
import type { Executor } from '../db/connection.ts';
import { Conflict, NoPermission, NotFound } from '../lib/errors.ts';
import { hashPassword } from '../lib/tokens.ts';
import * as store from './store.ts';
import type { Role } from './tables.ts';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** A new session for a user whose password is right; undefined otherwise (see `checkPassword`). */
export async function signIn(
  db: Executor,
  email: string,
  password: string,
  address: string,
): Promise<{ token: string; userId: string } | undefined> {
  const user = await checkPassword(db, email, password, address);
  if (!user) return undefined;
  const { token, hash } = issueToken('session');
  await store.insertSession(db, {
    id: randomUUID(),
    token_hash: hash,
    user_id: user.id,
    expires_date: new Date(Date.now() + SESSION_LIFETIME_MS),
  });
  return { token, userId: user.id };
}

export async function createUser(
  db: Executor,
  input: { email: string; password: string; name?: string | null; platformAdmin?: boolean },
) {
  if (await store.findUserByEmail(db, input.email))
    throw new Conflict(`A user with email ${input.email} already exists.`);
  return store.insertUser(db, {
    id: randomUUID(),
    email: input.email,
    name: input.name ?? null,
    password_hash: await hashPassword(input.password),
    platform_admin: input.platformAdmin ?? false,
  });
}

export async function createTeam(
  db: Executor,
  member: Member,
  input: { name: string; kind: 'organization' | 'developer' },
) {
  if (member.kind !== 'user' || member.teamId !== null)
    throw new NoPermission('Teams are created by signed-in users, not with API keys or OAuth tokens.');
  return db.transaction().execute(async (tx) => {
    const team = await store.insertTeam(tx, { id: randomUUID(), name: input.name, kind: input.kind });
    await store.upsertMembership(tx, { team_id: team.id, user_id: member.id, role: 'owner' });
    return team;
  });
}

/** A new team API key; the token is returned once and only its hash is kept. */
export async function createApiKey(
  db: Executor,
  actor: Actor,
  teamId: string,
  granterRole: Role,
  input: { name: string; role: Role },
) {
  if (!canGrant(granterRole, input.role))
    throw new NoPermission(`A ${granterRole} cannot create a key with the role '${input.role}'.`);
  const { token, hash, hint } = issueToken('apiKey');
  return db.transaction().execute(async (tx) => {
    const key = await store.insertApiKey(tx, {
      id: randomUUID(),
      team_id: teamId,
      name: input.name,
      role: input.role,
      token_hash: hash,
      hint,
    });
    const after = { id: key.id, name: key.name, role: key.role };
    await recordAudit(tx, { teamId, actor, action: 'api_key.created', target: { type: 'api_key', id: key.id }, after });
    return { key, token };
  });
}

/** Revokes a live key of the team; a missing, revoked or foreign one answers 404. */
export async function revokeApiKey(db: Executor, actor: Actor, teamId: string, keyId: string) {
  await db.transaction().execute(async (tx) => {
    const key = await store.revokeApiKey(tx, teamId, keyId);
    if (!key) throw new NotFound(`API key with id ${keyId} not found.`);
    const before = { id: key.id, name: key.name, role: key.role };
    await recordAudit(tx, {
      teamId,
      actor,
      action: 'api_key.revoked',
      target: { type: 'api_key', id: key.id },
      before,
    });
  });
}

/**
 * The platform administrator of first start: from the settings, or generated and returned so
 * the caller prints it once. Does nothing when any platform administrator exists.
 */
export async function ensurePlatformAdmin(db: Executor, email: string | undefined, password: string | undefined) {
  const existing = await store.findPlatformAdmin(db);
  if (existing) return undefined;
  const chosenPassword = password ?? randomBytes(18).toString('base64url');
  const user = await createUser(db, {
    email: email ?? 'admin@gatehouse.local',
    password: chosenPassword,
    name: 'Platform administrator',
    platformAdmin: true,
  });
  await store.upsertMembership(db, { team_id: await store.ensurePlatformTeam(db), user_id: user.id, role: 'owner' });
  return { email: user.email, password: password ? undefined : chosenPassword };
}
