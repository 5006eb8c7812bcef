import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { onSourceChanged } from '../graph/changes.ts';
import type { GraphKind } from '../graph/tables.ts';
import type { ImportScope } from './references.ts';
import type { Changes } from './tables.ts';

/** Kinds an import writes, parents first. Sections have no OneRoster file; they only follow their class. */
const KINDS: GraphKind[] = ['districts', 'schools', 'sessions', 'courses', 'classes', 'people', 'enrollments', 'agents'];

/** Columns written from the staged record: every column but the dates (kept or moved by the merge) and the hash (computed). */
const columnCache = new Map<string, string[]>();
async function columnsOf(db: Executor, table: GraphKind): Promise<string[]> {
  const cached = columnCache.get(table);
  if (cached) return cached;
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and column_name not in ('created_date', 'updated_date', 'hash')
    order by ordinal_position`.execute(db);
  const columns = rows.map((row) => row.name);
  columnCache.set(table, columns);
  return columns;
}

/**
 * Inserts new records and rewrites those whose fingerprint changed; `updated_date` moves only
 * then, `created_date` never. The fingerprint is the md5 of the staged record's canonical jsonb.
 */
async function upsert(scope: ImportScope, kind: GraphKind): Promise<{ created: number; updated: number }> {
  const columns = await columnsOf(scope.db, kind);
  const target = sql.join(columns.map((column) => sql.id(column)));
  const source = sql.join(columns.map((column) => sql.id('r', column)));
  const assign = sql.join(columns.map((column) => sql`${sql.id(column)} = excluded.${sql.id(column)}`));
  const { rows } = await sql<{ created: number; updated: number }>`
    with written as (
      insert into ${sql.table(kind)} (${target}, hash)
      select ${source}, md5(s.record::text)
      from import_rows s cross join lateral jsonb_populate_record(null::${sql.table(kind)}, s.record) r
      where s.import_id = ${scope.importId} and s.kind = ${kind} and not s.deleted
      on conflict (source_id, sourced_id) do update set ${assign}, hash = excluded.hash, updated_date = now()
      where ${sql.table(kind)}.hash <> excluded.hash
      returning (xmax = 0) as created)
    select (count(*) filter (where created))::int as created, (count(*) filter (where not created))::int as updated from written`.execute(scope.db);
  return rows[0] ?? { created: 0, updated: 0 };
}

/** A bulk file replaces the kind: what it does not list goes. A delta removes only its `tobedeleted` rows. */
async function remove(scope: ImportScope, kind: GraphKind): Promise<number> {
  const bulk = scope.mode(kind) === 'bulk';
  const staged = sql`select 1 from import_rows s where s.import_id = ${scope.importId} and s.kind = ${kind} and s.id = g.id`;
  const condition = bulk ? sql`not exists (${staged} and not s.deleted)` : sql`exists (${staged} and s.deleted)`;
  let extra = sql``;
  if (kind === 'agents' && !bulk) {
    // A users row of a delta lists all of that user's agents: the links it no longer lists go.
    const listed = sql`select 1 from import_rows p where p.import_id = ${scope.importId} and p.kind = 'people' and lower(p.file) = 'users.csv'`;
    extra = sql` or ((exists (${listed} and p.id = g.observer_id) or exists (${listed} and p.id = g.target_id)) and not exists (${staged}))`;
  }
  const { rows } = await sql<{ count: number }>`
    with gone as (delete from ${sql.table(kind)} g where g.source_id = ${scope.sourceId} and (${condition}${extra}) returning 1)
    select count(*)::int as count from gone`.execute(scope.db);
  return rows[0]?.count ?? 0;
}

/** Enrollments, agents and sections whose class or person is gone go with it. */
async function cascade(scope: ImportScope, changes: Record<string, Changes>): Promise<void> {
  const statements = {
    enrollments: sql`delete from enrollments e where e.source_id = ${scope.sourceId}
      and (not exists (select 1 from classes c where c.id = e.class_id) or not exists (select 1 from people p where p.id = e.person_id))`,
    agents: sql`delete from agents a where a.source_id = ${scope.sourceId}
      and (not exists (select 1 from people p where p.id = a.observer_id) or not exists (select 1 from people p where p.id = a.target_id))`,
    sections: sql`delete from sections x where x.source_id = ${scope.sourceId} and not exists (select 1 from classes c where c.id = x.class_id)`,
  };
  for (const [kind, statement] of Object.entries(statements)) {
    const result = await statement.execute(scope.db);
    const entry = changes[kind] ?? { created: 0, updated: 0, deleted: 0 };
    entry.deleted += Number(result.numAffectedRows ?? 0n);
    changes[kind] = entry;
  }
}

/**
 * Applies the resolved staging rows to the graph in one transaction, then lets the events
 * feature recompute each integration's view, then records the outcome (`finish`), so the graph,
 * the events and the history change together or not at all. Merges of one source queue on an
 * advisory lock: two imports never interleave their writes.
 */
export async function merge(scope: ImportScope, finish: (tx: Executor, changes: Record<string, Changes>) => Promise<void>): Promise<Record<string, Changes>> {
  return scope.db.transaction().execute(async (tx) => {
    const inTx: ImportScope = { ...scope, db: tx };
    await sql`select pg_advisory_xact_lock(hashtext(${`gatehouse.import.${scope.sourceId}`}))`.execute(tx);
    const changes: Record<string, Changes> = {};
    for (const kind of KINDS) {
      const written = await upsert(inTx, kind);
      const deleted = scope.mode(kind) === 'absent' ? 0 : await remove(inTx, kind);
      changes[kind] = { ...written, deleted };
    }
    if ((changes.classes?.deleted ?? 0) + (changes.people?.deleted ?? 0) > 0) await cascade(inTx, changes);
    await onSourceChanged(tx, scope.sourceId);
    await finish(tx, changes);
    return changes;
  });
}
