import { sql, type Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../lib/listing.ts';
import type { Paging } from '../lib/paging.ts';
import type { Staged } from './mapping/row.ts';
import type { RosterImportTables } from './tables.ts';

type ImportUpdate = Updateable<RosterImportTables['imports']>;

export function createImport(db: Executor, values: { id: string; source_id: string; runner: string }) {
  return db
    .insertInto('imports')
    .values({ ...values, state: 'running', mode: null, version: null, files: '{}', changes: '{}', warnings: '[]', errors: '[]' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateImport(db: Executor, id: string, values: ImportUpdate): Promise<void> {
  await db.updateTable('imports').set(values).where('id', '=', id).execute();
}

export async function heartbeat(db: Executor, id: string): Promise<void> {
  await db.updateTable('imports').set({ heartbeat_date: new Date() }).where('id', '=', id).where('state', '=', 'running').execute();
}

export function findImport(db: Executor, sourceId: string, id: string) {
  return db.selectFrom('imports').selectAll().where('source_id', '=', sourceId).where('id', '=', id).executeTakeFirst();
}

/** Import ids are UUIDv7: paging by id lists them in the order they started. */
export function listImports(db: Executor, sourceId: string, paging: Paging) {
  return pageBy(db.selectFrom('imports').selectAll().where('source_id', '=', sourceId), 'id', paging).execute();
}

export function runningImports(db: Executor) {
  return db.selectFrom('imports').select(['id', 'runner', 'heartbeat_date', 'started_date']).where('state', '=', 'running').execute();
}

/** Staging rows whose import is not running any more (ended, or marked failed after its process died). */
export async function dropOrphanRows(db: Executor): Promise<void> {
  await sql`delete from import_rows r where not exists (select 1 from imports i where i.id = r.import_id and i.state = 'running')`.execute(db);
}

export async function dropRows(db: Executor, importId: string): Promise<void> {
  await db.deleteFrom('import_rows').where('import_id', '=', importId).execute();
}

/**
 * One statement per batch, the rows passed as a single JSON parameter: far cheaper on both
 * engines than thousands of bound parameters. Staging is the only write while files stream.
 */
export async function insertRows(db: Executor, importId: string, file: string, rows: Array<{ staged: Staged; line: number }>): Promise<void> {
  if (rows.length === 0) return;
  const batch = JSON.stringify(
    rows.map(({ staged, line }) => ({
      kind: staged.kind,
      id: staged.id,
      sourced_id: staged.sourcedId,
      line,
      deleted: staged.deleted,
      record: staged.record,
      refs: staged.refs ?? null,
    })),
  );
  await sql`
    insert into import_rows (import_id, kind, id, sourced_id, file, line, deleted, record, refs)
    select ${importId}, x.kind, x.id, x.sourced_id, ${file}, x.line, x.deleted, x.record, x.refs
    from jsonb_to_recordset(${batch}::jsonb) as x(kind text, id uuid, sourced_id text, line integer, deleted boolean, record jsonb, refs jsonb)`.execute(db);
}

export async function districtSourcedIds(db: Executor, sourceId: string): Promise<string[]> {
  const rows = await db.selectFrom('districts').select('sourced_id').where('source_id', '=', sourceId).execute();
  return rows.map((row) => row.sourced_id);
}
