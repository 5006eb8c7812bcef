import type { Insertable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import type { OAuthTables } from './tables.ts';

type NewKey = Insertable<OAuthTables['oauth_signing_keys']>;

/** The key signing at `now`: the latest to have started, unless it has stopped. */
export function signingRow(db: Executor, now: Date) {
  return db
    .selectFrom('oauth_signing_keys')
    .selectAll()
    .where('active_date', '<=', now)
    .where((eb) => eb.or([eb('retired_date', 'is', null), eb('retired_date', '>', now)]))
    .orderBy('active_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest key, which has no end yet; locked when inside a transaction, so rotations take turns. */
export function newestRow(db: Executor, lock = false) {
  const query = db.selectFrom('oauth_signing_keys').selectAll().where('retired_date', 'is', null);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The first key; a unique index on the newest settles two processes creating it at once. */
export async function insertFirstKey(db: Executor, key: NewKey): Promise<void> {
  await db
    .insertInto('oauth_signing_keys')
    .values(key)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Publishes `key`, to sign from `activeDate`, when the newest key (`previous`) stops signing. */
export async function insertSuccessor(db: Executor, previous: string, key: NewKey & { active_date: Date }) {
  await db
    .updateTable('oauth_signing_keys')
    .set({ retired_date: key.active_date })
    .where('kid', '=', previous)
    .execute();
  await db.insertInto('oauth_signing_keys').values(key).execute();
}

/** Public keys of the keys that stopped signing after `since` or still sign or will: newest first. */
export function publishedKeys(db: Executor, since: Date) {
  return db
    .selectFrom('oauth_signing_keys')
    .select(['kid', 'public_jwk'])
    .where((eb) => eb.or([eb('retired_date', 'is', null), eb('retired_date', '>', since)]))
    .orderBy('active_date', 'desc')
    .execute();
}

/** Forgets keys that stopped signing before `before`. */
export async function deleteRetiredBefore(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('oauth_signing_keys').where('retired_date', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
