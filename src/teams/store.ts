import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/connection.ts';
import type { Role } from './tables.ts';

export function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** The first platform administrator. */
export function findPlatformAdmin(db: Executor) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('platform_admin', '=', true)
    .orderBy('created_date')
    .executeTakeFirst();
}

/**
 * The platform's own team, where changes to the whole installation are audited: made on first
 * need, as a platform administrator may come from `gatehouse admin create` before any server start.
 */
export async function ensurePlatformTeam(db: Executor): Promise<string> {
  const found = await db
    .selectFrom('teams')
    .select('id')
    .where('kind', '=', 'platform')
    .orderBy('created_date')
    .executeTakeFirst();
  return found?.id ?? (await insertTeam(db, { id: randomUUID(), name: 'Platform', kind: 'platform' })).id;
}

/** Whether any organization or developer team exists: only the platform's own team means a first start. */
export async function anyTeamBesidesPlatform(db: Executor): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('kind', '<>', 'platform').executeTakeFirst()) !== undefined;
}

export function findUser(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUser(
  db: Executor,
  user: { id: string; email: string; name: string | null; password_hash: string; platform_admin: boolean },
) {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function insertTeam(
  db: Executor,
  team: { id: string; name: string; kind: 'organization' | 'developer' | 'platform' },
) {
  return db.insertInto('teams').values(team).returningAll().executeTakeFirstOrThrow();
}

export function findTeam(db: Executor, id: string) {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export function upsertMembership(db: Executor, membership: { team_id: string; user_id: string; role: Role }) {
  return db
    .insertInto('memberships')
    .values(membership)
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: membership.role }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function membershipRole(db: Executor, teamId: string, userId: string): Promise<Role | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export function insertSession(
  db: Executor,
  session: { id: string; token_hash: string; user_id: string; expires_date: Date },
) {
  return db.insertInto('user_sessions').values(session).execute();
}

export function findSessionUser(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .select(['user_sessions.id as session_id', 'users.id', 'users.email', 'users.name', 'users.platform_admin'])
    .where('user_sessions.token_hash', '=', tokenHash)
    .where('user_sessions.expires_date', '>', now)
    .executeTakeFirst();
}

export function deleteSession(db: Executor, id: string) {
  return db.deleteFrom('user_sessions').where('id', '=', id).execute();
}

export function insertApiKey(
  db: Executor,
  key: { id: string; team_id: string; name: string; role: Role; token_hash: string; hint: string },
) {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/** A key not revoked, by its id or by its token's lookup hash. */
export function findLiveApiKey(db: Executor, by: 'id' | 'token_hash', value: string) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where(by, '=', value)
    .where('revoked_date', 'is', null)
    .executeTakeFirst();
}

export function teamsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .selectAll('teams')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .orderBy('teams.id')
    .execute();
}

export function renameTeam(db: Executor, id: string, name: string) {
  return db
    .updateTable('teams')
    .set({ name, updated_date: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listApiKeys(db: Executor, teamId: string) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('revoked_date', 'is', null)
    .orderBy('created_date')
    .execute();
}

/** The live key revoked, or undefined when there was none. */
export function revokeApiKey(db: Executor, teamId: string, keyId: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_date: new Date() })
    .where('team_id', '=', teamId)
    .where('id', '=', keyId)
    .where('revoked_date', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function touchApiKey(db: Executor, id: string, now: Date) {
  return db.updateTable('api_keys').set({ last_used_date: now }).where('id', '=', id).execute();
}
