import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import type { OAuthTables } from './tables.ts';

type Interactions = OAuthTables['oauth_interactions'];

export function insertInteraction(db: Executor, interaction: Insertable<Interactions>) {
  return db.insertInto('oauth_interactions').values(interaction).execute();
}

export function findInteraction(db: Executor, id: string) {
  return db.selectFrom('oauth_interactions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findInteractionByStateHash(db: Executor, stateHash: string) {
  return db
    .selectFrom('oauth_interactions')
    .select('id')
    .where('upstream_state_hash', '=', stateHash)
    .executeTakeFirst();
}

export function updateInteraction(db: Executor, id: string, changes: Updateable<Interactions>) {
  return db
    .updateTable('oauth_interactions')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteInteraction(db: Executor, id: string) {
  return db.deleteFrom('oauth_interactions').where('id', '=', id).execute();
}
