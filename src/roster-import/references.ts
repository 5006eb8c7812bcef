import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import type { GraphKind } from '../graph/tables.ts';
import type { Issues } from './issues.ts';
import type { FileMode } from './manifest.ts';

/** What the SQL of one import needs to know: its staging rows, its source, and how each kind is read. */
export type ImportScope = { db: Executor; importId: string; sourceId: string; mode: (kind: string) => FileMode };

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

export function modeOfKind(modes: Map<string, FileMode>): (kind: string) => FileMode {
  return (kind) => modes.get(FILE_OF[kind] ?? kind) ?? 'absent';
}

/**
 * Whether a record of `kind` with id `id` exists once this import is applied: staged by it, or —
 * when the kind's file is not bulk (a bulk file replaces all) — already in the source and not
 * deleted by it.
 */
export function present(scope: ImportScope, kind: GraphKind, id: RawBuilder<unknown>): RawBuilder<boolean> {
  const staged = sql<boolean>`exists (select 1 from import_rows u where u.import_id = ${scope.importId} and u.kind = ${kind} and u.id = ${id} and not u.deleted)`;
  if (scope.mode(kind) === 'bulk') return staged;
  return sql<boolean>`(${staged} or (exists (select 1 from ${sql.table(kind)} g where g.id = ${id})
    and not exists (select 1 from import_rows d where d.import_id = ${scope.importId} and d.kind = ${kind} and d.id = ${id} and d.deleted)))`;
}

type Found = { count: number; line: number | null; file: string | null; column: string | null; example: string | null };

/** One warning per checked reference, with how many rows it concerns and the first of them. */
function report(issues: Issues, found: Found | undefined, target: GraphKind, message: (example: string) => string): void {
  if (!found || found.count === 0) return;
  issues.warn({ file: found.file, line: found.line, column: found.column }, message(found.example ?? '?'), `reference to ${target}`, found.count);
}

const NOUN: Record<string, string> = {
  districts: 'district',
  schools: 'school',
  sessions: 'session',
  courses: 'course',
  classes: 'class',
  people: 'user',
};

function missing(scope: ImportScope, target: GraphKind) {
  const absent = scope.mode(target) === 'absent' ? ` (the export has no file.${FILE_OF[target]})` : '';
  return (example: string) => `'${example}' is not a ${NOUN[target]} of this import or of the source${absent}`;
}

/** A dangling optional reference is cleared: the record stands without it (a class without its course). */
export async function clearDangling(scope: ImportScope, issues: Issues, kind: GraphKind, column: string, target: GraphKind): Promise<void> {
  const id = sql`(s.record->>${column})::uuid`;
  const { rows } = await sql<Found>`
    with cleared as (
      update import_rows s set record = jsonb_set(s.record, ${`{${column}}`}::text[], 'null')
      where s.import_id = ${scope.importId} and s.kind = ${kind} and not s.deleted and s.record->>${column} is not null and not ${present(scope, target, id)}
      returning s.file, s.line, s.refs->${column}->>0 as col, s.refs->${column}->>1 as example)
    select count(*)::int as count, min(line) as line, min(file) as file, min(col) as "column", (array_agg(example order by line))[1] as example from cleared`.execute(
    scope.db,
  );
  report(issues, rows[0], target, (example) => `${missing(scope, target)(example)}; the reference is left empty`);
}

/** Dangling entries of a list reference are dropped from the list (a class's terms, a person's schools). */
export async function pruneDangling(scope: ImportScope, issues: Issues, kind: GraphKind, column: string, target: GraphKind): Promise<void> {
  const element = sql`e::uuid`;
  const { rows } = await sql<Found>`
    with pruned as (
      update import_rows s set record = jsonb_set(s.record, ${`{${column}}`}::text[],
        coalesce((select jsonb_agg(e) from jsonb_array_elements_text(s.record->${column}) e where ${present(scope, target, element)}), '[]'))
      where s.import_id = ${scope.importId} and s.kind = ${kind} and not s.deleted
        and exists (select 1 from jsonb_array_elements_text(s.record->${column}) e where not ${present(scope, target, element)})
      returning s.file, s.line, s.refs->${column}->>0 as col,
        (select m.value from jsonb_each_text(s.refs->${column}->1) m where not (s.record->${column}) @> to_jsonb(m.key) limit 1) as example)
    select count(*)::int as count, min(line) as line, min(file) as file, min(col) as "column", (array_agg(example order by line))[1] as example from pruned`.execute(
    scope.db,
  );
  report(issues, rows[0], target, (example) => `${missing(scope, target)(example)}; it is left out of the list`);
}

/**
 * A row whose required reference dangles (an enrollment of an unknown class) cannot be stored, and
 * is skipped with a warning rather than refusing the import: real exports carry such rows (users
 * filtered out of users.csv but not of enrollments.csv), and one stale row must not block a
 * district's whole sync. The warning names file, line, column and how many rows were skipped.
 */
export async function skipDangling(scope: ImportScope, issues: Issues, kind: GraphKind, column: string, target: GraphKind): Promise<void> {
  const id = sql`(s.record->>${column})::uuid`;
  const { rows } = await sql<Found>`
    with skipped as (
      delete from import_rows s
      where s.import_id = ${scope.importId} and s.kind = ${kind} and not s.deleted and (s.record->>${column} is null or not ${present(scope, target, id)})
      returning s.file, s.line, s.refs->${column}->>0 as col, s.refs->${column}->>1 as example)
    select count(*)::int as count, min(line) as line, min(file) as file, min(col) as "column", (array_agg(example order by line))[1] as example from skipped`.execute(
    scope.db,
  );
  report(issues, rows[0], target, (example) => `${missing(scope, target)(example)}; the row is skipped`);
}
