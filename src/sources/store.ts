import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { SourceTables } from './tables.ts';

/** A source with its provider's name. */
function sources(db: Executor) {
  return db
    .selectFrom('sources')
    .innerJoin('providers', 'providers.id', 'sources.provider_id')
    .selectAll('sources')
    .select(['providers.name as provider_name', 'providers.title as provider_title']);
}

export function findSource(db: Executor, id: string) {
  return sources(db).where('sources.id', '=', id).executeTakeFirst();
}

export function listSources(db: Executor, teamId: string, paging: Paging) {
  return pageBy(sources(db).where('sources.team_id', '=', teamId), 'sources.id', paging).execute();
}

export async function insertSource(db: Executor, source: Insertable<SourceTables['sources']>) {
  await db.insertInto('sources').values(source).execute();
  return (await findSource(db, source.id)) as NonNullable<Awaited<ReturnType<typeof findSource>>>;
}

export async function updateSource(db: Executor, id: string, changes: Updateable<SourceTables['sources']>) {
  await db
    .updateTable('sources')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .execute();
  return (await findSource(db, id)) as NonNullable<Awaited<ReturnType<typeof findSource>>>;
}

export function deleteSource(db: Executor, id: string) {
  return db.deleteFrom('sources').where('id', '=', id).execute();
}
