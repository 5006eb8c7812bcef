import type { Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { pageBy } from '../../db/keyset.ts';
import type { Paging } from '../../lib/paging.ts';
import type { RosterImportTables } from '../tables.ts';

type ImportUpdate = Updateable<RosterImportTables['imports']>;

export function createImport(db: Executor, values: { id: string; source_id: string; runner: string }) {
  return db
    .insertInto('imports')
    .values({
      ...values,
      state: 'running',
      mode: null,
      version: null,
      files: '{}',
      changes: '{}',
      warnings: '[]',
      errors: '[]',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateImport(db: Executor, id: string, values: ImportUpdate): Promise<void> {
  await db.updateTable('imports').set(values).where('id', '=', id).execute();
}

export async function heartbeat(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ heartbeat_date: new Date() })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

export function findImport(db: Executor, sourceId: string, id: string) {
  return db.selectFrom('imports').selectAll().where('source_id', '=', sourceId).where('id', '=', id).executeTakeFirst();
}

/** Import ids are UUIDv7: paging by id lists them in the order they started. */
export function listImports(db: Executor, sourceId: string, paging: Paging) {
  return pageBy(db.selectFrom('imports').selectAll().where('source_id', '=', sourceId), 'id', paging).execute();
}

export function runningImports(db: Executor) {
  return db
    .selectFrom('imports')
    .select(['id', 'runner', 'heartbeat_date', 'started_date'])
    .where('state', '=', 'running')
    .execute();
}

export async function districtSourcedIds(db: Executor, sourceId: string): Promise<string[]> {
  const rows = await db.selectFrom('districts').select('sourced_id').where('source_id', '=', sourceId).execute();
  return rows.map((row) => row.sourced_id);
}
