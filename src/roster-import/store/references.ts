import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { GraphKind } from '../../graph/tables.ts';
import type { Issues } from '../issues.ts';
import type { FileMode } from '../manifest.ts';
import { staging } from './staging.ts';

/** What the SQL of one import needs to know: its staging tables, its source, and how each kind is read. */
export type ImportScope = {
  db: Executor;
  importId: string;
  sourceId: string;
  mode: (kind: string) => FileMode;
  /** An import's staging table: a staged kind's, or `deletions`. */
  staged: (suffix: string) => RawBuilder<unknown>;
};

export function importScope(
  db: Executor,
  importId: string,
  sourceId: string,
  mode: (kind: string) => FileMode,
): ImportScope {
  return { db, importId, sourceId, mode, staged: (suffix) => staging(importId, suffix) };
}

/** The file that feeds each kind, whose manifest mode decides what the import replaces. */
const FILE_OF: Record<string, string> = {
  districts: 'orgs',
  schools: 'orgs',
  sessions: 'academicSessions',
  courses: 'courses',
  classes: 'classes',
  people: 'users',
  agents: 'users',
  enrollments: 'enrollments',
  roles: 'roles',
  demographics: 'demographics',
};

/** `users.csv` for people: the file a kind's records come from. */
export function fileOfKind(kind: string): string {
  return `${FILE_OF[kind] ?? kind}.csv`;
}

export function modeOfKind(modes: Map<string, FileMode>): (kind: string) => FileMode {
  return (kind) => modes.get(FILE_OF[kind] ?? kind) ?? 'absent';
}

/**
 * The condition that record `id` of `kind` is absent once this import is applied, for a row
 * whose left join `u` on the kind's staged rows (by `id`, not deleted) found nothing: it is not
 * staged, and — unless the kind's file is bulk (a bulk file replaces all) — it is not in the
 * source either, or this import deletes it. Written as a join so the planner can hash it.
 */
function absent(scope: ImportScope, kind: GraphKind, id: RawBuilder<unknown>): RawBuilder<boolean> {
  if (scope.mode(kind) === 'bulk') return sql<boolean>`true`;
  return sql<boolean>`(${id} is null or not exists (select 1 from ${sql.table(kind)} g where g.id = ${id})
    or exists (select 1 from ${scope.staged(kind)} d where d.id = ${id} and d.deleted))`;
}

/** The staged rows of `kind` whose reference `column` names no record of `target`, as their ids. */
function dangling(
  scope: ImportScope,
  kind: GraphKind,
  column: string,
  target: GraphKind,
  filled = false,
): RawBuilder<unknown> {
  const ref = sql.ref(`x.${column}`);
  const unfilled = filled ? sql` and ${ref} is not null` : sql``;
  return sql`select x.id from ${scope.staged(kind)} x
    left join ${scope.staged(target)} u on u.id = ${ref} and not u.deleted
    where not x.deleted and u.id is null and ${absent(scope, target, ref)}${unfilled}`;
}

type Found = { count: number; line: number | null; file: string | null; column: string | null; example: string | null };

/**
 * One warning per checked reference, with how many rows it concerns and the first of them. A
 * reference to a record this very import marks `tobedeleted` says so: it is there, but going.
 */
async function report(
  scope: ImportScope,
  issues: Issues,
  found: Found | undefined,
  target: GraphKind,
  consequence: string,
): Promise<void> {
  if (!found || found.count === 0) return;
  const example = found.example ?? '?';
  const { rows } =
    await sql`select 1 from ${scope.staged(target)} where sourced_id = ${example} and deleted limit 1`.execute(
      scope.db,
    );
  const what =
    rows.length > 0
      ? `'${example}' is a ${NOUN[target]} this import marks tobedeleted`
      : missing(scope, target)(example);
  issues.warn(
    { file: found.file, line: found.line, column: found.column },
    `${what}; ${consequence}`,
    `reference to ${target}`,
    found.count,
  );
}

const SUMMARY = sql`count(*)::int as count, min(line) as line, min(file) as file, min(col) as "column",
  (array_agg(example order by line))[1] as example`;

const NOUN: Record<string, string> = {
  districts: 'district',
  schools: 'school',
  sessions: 'session',
  courses: 'course',
  classes: 'class',
  people: 'user',
};

function missing(scope: ImportScope, target: GraphKind) {
  const absentFile = scope.mode(target) === 'absent' ? ` (the export has no file.${FILE_OF[target]})` : '';
  return (example: string) => `'${example}' is not a ${NOUN[target]} of this import or of the source${absentFile}`;
}

/** A dangling optional reference is cleared: the record stands without it (a class without its course). */
export async function clearDangling(
  scope: ImportScope,
  issues: Issues,
  kind: GraphKind,
  column: string,
  target: GraphKind,
): Promise<void> {
  const { rows } = await sql<Found>`
    with cleared as (
      update ${scope.staged(kind)} s set ${sql.id(column)} = null
      from (${dangling(scope, kind, column, target, true)}) d where s.id = d.id
      returning s.file, s.line, s.refs->${column}->>0 as col, s.refs->${column}->>1 as example)
    select ${SUMMARY} from cleared`.execute(scope.db);
  await report(scope, issues, rows[0], target, 'the reference is left empty');
}

/** Dangling entries of a list reference are dropped from the list (a class's terms, a person's schools). */
export async function pruneDangling(
  scope: ImportScope,
  issues: Issues,
  kind: GraphKind,
  column: string,
  target: GraphKind,
): Promise<void> {
  const { rows } = await sql<Found>`
    with entries as (
      select x.id, t.e from ${scope.staged(kind)} x cross join lateral unnest(x.${sql.id(column)}) as t(e)
      where not x.deleted),
    gone as (
      -- The example is the first dangling entry in the order of the row's refs
      -- (jsonb key order: that of the ids' text).
      select x.id, array_agg(x.e) as entries, min(x.e::text collate "C") as first
      from entries x left join ${scope.staged(target)} u on u.id = x.e and not u.deleted
      where u.id is null and ${absent(scope, target, sql`x.e`)} group by x.id),
    pruned as (
      update ${scope.staged(kind)} s set ${sql.id(column)} = array(
        select e from unnest(s.${sql.id(column)}) with ordinality as t(e, n) where e <> all(g.entries) order by n)
      from gone g where s.id = g.id
      returning s.file, s.line, s.refs->${column}->>0 as col, s.refs->${column}->1->>g.first as example)
    select ${SUMMARY} from pruned`.execute(scope.db);
  await report(scope, issues, rows[0], target, 'it is left out of the list');
}

/**
 * A row whose required reference dangles (an enrollment of an unknown class) cannot be stored, and
 * is skipped with a warning rather than refusing the import: real exports carry such rows (users
 * filtered out of users.csv but not of enrollments.csv), and one stale row must not block a
 * district's whole sync. The warning names file, line, column and how many rows were skipped.
 */
export async function skipDangling(
  scope: ImportScope,
  issues: Issues,
  kind: GraphKind,
  column: string,
  target: GraphKind,
): Promise<void> {
  const { rows } = await sql<Found>`
    with skipped as (
      delete from ${scope.staged(kind)} s using (${dangling(scope, kind, column, target)}) d where s.id = d.id
      returning s.file, s.line, s.refs->${column}->>0 as col, s.refs->${column}->>1 as example)
    select ${SUMMARY} from skipped`.execute(scope.db);
  await report(scope, issues, rows[0], target, 'the row is skipped');
}
