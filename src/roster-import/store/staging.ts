import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { GRAPH_KINDS } from '../../graph/tables.ts';
import type { StageKind } from '../mapping/row.ts';

/**
 * Each import stages into tables of its own, named after it: typed like the graph tables, so a
 * row is parsed once (no JSON records to take apart in every statement), indexed only once
 * loaded, analysed so the planner knows their sizes, and dropped whole when the import ends.
 * A dead import's tables are dropped by the next import's recovery (see recovery.ts).
 */

export type Column = { name: string; type: string };

/** Every staging table starts with where its row came from. */
const ORIGIN: Column[] = [
  { name: 'file', type: 'text' },
  { name: 'line', type: 'integer' },
  { name: 'deleted', type: 'boolean' },
  { name: 'refs', type: 'jsonb' },
];

/** The kinds folded into people have no graph table; their columns are their own. */
const FOLDED: Record<'roles' | 'demographics', Column[]> = {
  roles: [
    { name: 'id', type: 'uuid' },
    { name: 'sourced_id', type: 'text' },
    { name: 'role', type: 'text' },
    { name: 'primary', type: 'boolean' },
    { name: 'school_id', type: 'uuid' },
    { name: 'district_id', type: 'uuid' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
  ],
  demographics: [
    { name: 'id', type: 'uuid' },
    { name: 'sourced_id', type: 'text' },
    { name: 'demographics', type: 'jsonb' },
  ],
};

const PREFIX = 'import_';
const NAME = /^import_([0-9a-f]{32})_/;

/** The name of one staging table of an import: `import_<id without dashes>_<suffix>`. */
export function stagingName(importId: string, suffix: string): string {
  return `${PREFIX}${importId.replaceAll('-', '')}_${suffix}`;
}

export function staging(importId: string, suffix: string): RawBuilder<unknown> {
  return sql.table(stagingName(importId, suffix));
}

let catalog: Promise<Map<string, Column[]>> | undefined;

/**
 * The columns of the graph tables that a record carries (all but the dates and the hash, which
 * the merge sets), in table order, with their SQL types: read from the database once.
 */
export function recordColumns(db: Executor): Promise<Map<string, Column[]>> {
  catalog ??= sql<{ table: string; name: string; type: string }>`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      and c.relname in (${sql.join(GRAPH_KINDS)})
      and a.attnum > 0 and not a.attisdropped and a.attname not in ('created_date', 'updated_date', 'hash')
    order by c.relname, a.attnum`
    .execute(db)
    .then(({ rows }) => Map.groupBy(rows, (row) => row.table) as Map<string, Column[]>)
    .catch((error) => {
      catalog = undefined;
      throw error;
    });
  return catalog;
}

/** The columns of a staged kind's table, origin first. */
export async function stagedColumns(db: Executor, kind: StageKind): Promise<Column[]> {
  const own = kind === 'roles' || kind === 'demographics' ? FOLDED[kind] : (await recordColumns(db)).get(kind);
  if (!own) throw new Error(`no graph table ${kind}`);
  return [...ORIGIN, ...own];
}

export const STAGED_KINDS: StageKind[] = [
  ...GRAPH_KINDS.filter((kind) => kind !== 'sections'),
  'roles',
  'demographics',
];

/** Creates an import's staging tables (unindexed: rows load faster without). */
export async function createStaging(db: Executor, importId: string): Promise<void> {
  for (const kind of STAGED_KINDS) {
    const columns = (await stagedColumns(db, kind)).map(
      (column) => sql`${sql.id(column.name)} ${sql.raw(column.type)}`,
    );
    await sql`create unlogged table ${staging(importId, kind)} (${sql.join(columns)})`.execute(db);
  }
  await sql`create unlogged table ${staging(importId, 'deletions')} (kind text not null, id uuid not null)`.execute(db);
}

/** Once loaded: an index by id for the lookups of resolving and planning, and statistics for the planner. */
export async function indexStaging(db: Executor, importId: string): Promise<void> {
  for (const kind of STAGED_KINDS) {
    await sql`create index on ${staging(importId, kind)} (id)`.execute(db);
    await sql`analyze ${staging(importId, kind)} (id)`.execute(db);
  }
}

/**
 * Drops the staging tables of every import `keep` does not keep. Tables are listed before the
 * caller learns which imports run: an import records itself before it creates its tables, so a
 * table listed here always belongs to an import the caller can see.
 */
export async function dropStaging(db: Executor, keep: () => Promise<(importId: string) => boolean>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema() and tablename ~ ${NAME.source}`.execute(
    db,
  );
  if (rows.length === 0) return;
  const kept = await keep();
  const gone = rows.filter(({ name }) => {
    const hex = NAME.exec(name)?.[1] as string;
    return !kept(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  });
  if (gone.length > 0) await sql`drop table if exists ${sql.join(gone.map(({ name }) => sql.table(name)))}`.execute(db);
}
