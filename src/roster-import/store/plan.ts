import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { GraphKind } from '../../graph/tables.ts';
import type { ImportScope } from './references.ts';
import { recordColumns } from './staging.ts';

/**
 * The writes an import will make, worked out before its transaction so that the transaction
 * only applies them: per kind, a table `<kind>_w` of the records to insert or rewrite (new, or
 * whose fingerprint changed; unchanged ones are left out) with their fingerprint, and the
 * `deletions` table of the records to remove. A re-import that changes nothing plans nothing.
 *
 * The plan holds as long as the source's graph does not change: `revision` is what it was
 * planned against (see graph/changes.ts), and the merge plans again inside its transaction if
 * another change got there first.
 */

/** Kinds an import writes, parents first. Sections have no OneRoster file; they only follow their class. */
export const KINDS: GraphKind[] = [
  'districts',
  'schools',
  'sessions',
  'courses',
  'classes',
  'people',
  'enrollments',
  'agents',
];

/**
 * The fingerprint of a record: a 64-bit hash of its columns (PostgreSQL's own record hash, five
 * times cheaper than an md5 of its JSON), as hex. Migration 0008 gave the stored records theirs.
 */
function fingerprint(columns: string[], alias: string): RawBuilder<string> {
  const fields = sql.join(columns.map((column) => sql.ref(`${alias}.${column}`)));
  return sql<string>`to_hex(hash_record_extended(row(${fields}), 0))`;
}

export async function graphRevision(db: Executor, sourceId: string): Promise<number> {
  const { rows } = await sql<{
    revision: number;
  }>`select revision from graph_revisions where source_id = ${sourceId}`.execute(db);
  return rows[0]?.revision ?? 0;
}

/**
 * The records of `kind` to insert (`stored` false) or rewrite,
 * in id order (kinder to the indexes), with their fingerprint.
 */
async function planWrites(scope: ImportScope, kind: GraphKind): Promise<void> {
  const columns = ((await recordColumns(scope.db)).get(kind) ?? []).map((column) => column.name);
  const list = (alias: string) => sql.join(columns.map((column) => sql.ref(`${alias}.${column}`)));
  await sql`drop table if exists ${scope.staged(`${kind}_w`)}`.execute(scope.db);
  await sql`
    create unlogged table ${scope.staged(`${kind}_w`)} as
    select ${list('s')}, s.hash, g.id is not null as stored
    from (select ${list('x')}, ${fingerprint(columns, 'x')} as hash from ${scope.staged(kind)} x where not x.deleted) s
    left join ${sql.table(kind)} g on g.id = s.id and g.source_id = ${scope.sourceId}
    where g.id is null or g.hash <> s.hash
    order by s.id`.execute(scope.db);
}

/** A bulk file replaces the kind: what it does not list goes. A delta removes only its `tobedeleted` rows. */
function removed(scope: ImportScope, kind: GraphKind): RawBuilder<unknown> {
  const staged = scope.staged(kind);
  if (scope.mode(kind) === 'bulk') {
    return sql`select g.id from ${sql.table(kind)} g where g.source_id = ${scope.sourceId}
      and not exists (select 1 from ${staged} s where s.id = g.id and not s.deleted)`;
  }
  const deleted = sql`select g.id from ${sql.table(kind)} g join ${staged} s on s.id = g.id and s.deleted
    where g.source_id = ${scope.sourceId}`;
  if (kind !== 'agents') return deleted;
  // A users row of a delta lists all of that user's agents: the links it no longer lists go.
  const listed = sql`select p.id from ${scope.staged('people')} p where lower(p.file) = 'users.csv'`;
  return sql`${deleted} union select g.id from agents g where g.source_id = ${scope.sourceId}
    and (g.observer_id in (${listed}) or g.target_id in (${listed}))
    and not exists (select 1 from ${staged} s where s.id = g.id)`;
}

/** Enrollments, agents and sections whose class or person goes, go with it. */
const CASCADES: Array<{ kind: GraphKind; references: Array<[string, GraphKind]> }> = [
  {
    kind: 'enrollments',
    references: [
      ['class_id', 'classes'],
      ['person_id', 'people'],
    ],
  },
  {
    kind: 'agents',
    references: [
      ['observer_id', 'people'],
      ['target_id', 'people'],
    ],
  },
  { kind: 'sections', references: [['class_id', 'classes']] },
];

async function planDeletions(scope: ImportScope): Promise<void> {
  const deletions = scope.staged('deletions');
  await sql`truncate ${deletions}`.execute(scope.db);
  for (const kind of KINDS) {
    if (scope.mode(kind) === 'absent') continue;
    await sql`insert into ${deletions} (kind, id) select ${kind}, id from (${removed(scope, kind)}) r`.execute(
      scope.db,
    );
  }
  const { rows } = await sql`select 1 from ${deletions} where kind in ('classes', 'people') limit 1`.execute(scope.db);
  if (rows.length === 0) return;
  for (const { kind, references } of CASCADES) {
    const gone = references.map(
      ([column, parent]) => sql`${sql.ref(`c.${column}`)} in (select id from ${deletions} where kind = ${parent})`,
    );
    await sql`
      insert into ${deletions} (kind, id)
      select ${kind}, c.id from ${sql.table(kind)} c
      where c.source_id = ${scope.sourceId} and (${sql.join(gone, sql` or `)})
        and not exists (select 1 from ${deletions} d where d.kind = ${kind} and d.id = c.id)`.execute(scope.db);
  }
}

/** Plans the import against the source as it is now; returns the revision it planned against. */
export async function plan(scope: ImportScope): Promise<number> {
  const revision = await graphRevision(scope.db, scope.sourceId);
  for (const kind of KINDS) await planWrites(scope, kind);
  await planDeletions(scope);
  return revision;
}

async function count(scope: ImportScope, from: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${from}) r`.execute(scope.db);
  return rows[0]?.n ?? 0;
}

/** How many records of `kind` the source holds. */
export function heldCount(scope: ImportScope, kind: GraphKind): Promise<number> {
  return count(scope, sql`select id from ${sql.table(kind)} where source_id = ${scope.sourceId}`);
}

/** How many records of `kind` the import removes. */
export function removedCount(scope: ImportScope, kind: GraphKind): Promise<number> {
  return count(scope, removed(scope, kind));
}
