import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import type { OAuthTables } from './tables.ts';

export type GrantRow = Selectable<OAuthTables['oauth_grants']>;
export type CodeRow = Selectable<OAuthTables['oauth_codes']>;

export function insertGrant(db: Executor, grant: Insertable<OAuthTables['oauth_grants']>) {
  return db.insertInto('oauth_grants').values(grant).returningAll().executeTakeFirstOrThrow();
}

export function findGrantByAccessHash(db: Executor, hash: string) {
  return db
    .selectFrom('oauth_grants')
    .selectAll()
    .where('access_token_hash', '=', hash)
    .where('revoked_date', 'is', null)
    .executeTakeFirst();
}

export function findGrant(db: Executor, id: string) {
  return db.selectFrom('oauth_grants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A new access token for the grant; the previous one stops working. */
export function setAccessToken(db: Executor, grantId: string, hash: string, expires: Date, scopes: string) {
  return db
    .updateTable('oauth_grants')
    .set({ access_token_hash: hash, access_expires_date: expires, access_scopes: scopes })
    .where('id', '=', grantId)
    .execute();
}

/** Ends a grant: its access token and every refresh token of its family. */
export function revokeGrant(db: Executor, grantId: string) {
  return db
    .updateTable('oauth_grants')
    .set({ revoked_date: new Date() })
    .where('id', '=', grantId)
    .where('revoked_date', 'is', null)
    .execute();
}

export function insertRefreshToken(db: Executor, hash: string, grantId: string) {
  return db.insertInto('oauth_refresh_tokens').values({ token_hash: hash, grant_id: grantId }).execute();
}

export function findRefreshToken(db: Executor, hash: string) {
  return db
    .selectFrom('oauth_refresh_tokens')
    .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_refresh_tokens.grant_id')
    .select([
      'oauth_refresh_tokens.used_date',
      'oauth_grants.id as grant_id',
      'oauth_grants.developer_key_id',
      'oauth_grants.revoked_date',
    ])
    .where('oauth_refresh_tokens.token_hash', '=', hash)
    .executeTakeFirst();
}

/** Marks a refresh token used; false when another request used it first (a replay). */
export async function useRefreshToken(db: Executor, hash: string): Promise<boolean> {
  const used = await db
    .updateTable('oauth_refresh_tokens')
    .set({ used_date: new Date() })
    .where('token_hash', '=', hash)
    .where('used_date', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  return used !== undefined;
}

export function insertCode(db: Executor, code: Insertable<OAuthTables['oauth_codes']>) {
  return db.insertInto('oauth_codes').values(code).execute();
}

export function findCode(db: Executor, hash: string) {
  return db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
}

/**
 * Marks a code used, by the grant it was exchanged for or (null) by a failed exchange; false
 * when it was used already (the single-use rule, safe under races).
 */
export async function useCode(db: Executor, hash: string, grantId: string | null): Promise<boolean> {
  const used = await db
    .updateTable('oauth_codes')
    .set({ used_date: new Date(), grant_id: grantId })
    .where('code_hash', '=', hash)
    .where('used_date', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return used !== undefined;
}

/** Forgets codes and sign-ins past their time, so the tables hold only live ones. */
export async function deleteExpired(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('oauth_codes').where('expires_date', '<', now).execute();
  await db.deleteFrom('oauth_interactions').where('expires_date', '<', now).execute();
}

/** The grant an access or refresh token belongs to, with its key. */
export async function grantOfToken(
  db: Executor,
  hash: string,
): Promise<{ grant_id: string; developer_key_id: string } | undefined> {
  const access = await db
    .selectFrom('oauth_grants')
    .select(['id as grant_id', 'developer_key_id'])
    .where('access_token_hash', '=', hash)
    .executeTakeFirst();
  return access ?? findRefreshToken(db, hash);
}
