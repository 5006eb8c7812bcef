import { type RawBuilder, sql } from 'kysely';
import { adoptPeople, foldDemographics, foldRoles, reportOrphans, settleAgents } from './fold.ts';
import type { Issues } from './issues.ts';
import { clearDangling, type ImportScope, present, pruneDangling, skipDangling } from './references.ts';

/**
 * The same sourcedId twice in a file is an error: which row is the record would be a guess.
 * Records are compared by id (derived from the sourcedId, and cheaper to group than text);
 * roles share their person's id, so they are compared by sourcedId.
 */
async function checkDuplicates(scope: ImportScope, issues: Issues): Promise<void> {
  const { rows } = await sql<{ file: string; sourced_id: string; lines: number[]; total: number }>`
    with repeated as (
      select min(file) as file, min(sourced_id) as sourced_id, array_agg(line order by line) as lines
      from import_rows where import_id = ${scope.importId} and kind not in ('agents', 'roles') group by kind, id having count(*) > 1
      union all
      select min(file), sourced_id, array_agg(line order by line)
      from import_rows where import_id = ${scope.importId} and kind = 'roles' group by sourced_id having count(*) > 1)
    select file, sourced_id, lines, count(*) over ()::int as total from repeated order by lines[1] limit 100`.execute(scope.db);
  for (const row of rows) {
    issues.error(
      { file: row.file, line: row.lines[0] ?? null, column: 'sourcedId' },
      `'${row.sourced_id}' appears again on line ${row.lines.slice(1).join(', ')}`,
    );
  }
  const extra = (rows[0]?.total ?? 0) - rows.length;
  if (extra > 0) issues.error({}, `${extra} more sourcedIds appear more than once`, extra);
}

/** The district of a school once the import is applied. */
function districtOfSchool(scope: ImportScope, school: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`coalesce(
    (select s.record->>'district_id' from import_rows s where s.import_id = ${scope.importId} and s.kind = 'schools' and s.id = (${school})::uuid and not s.deleted limit 1),
    (select g.district_id::text from schools g where g.id = (${school})::uuid))`;
}

/**
 * Records OneRoster links to no district (sessions; schools, courses and people without a
 * district org) get the district of their school, or else the source's district when it has
 * exactly one — the usual case, and what Edlink's `district_id` expects.
 */
async function fillDistricts(scope: ImportScope): Promise<void> {
  const only = await sql<{ id: string }>`
    select id from (
      select id from import_rows where import_id = ${scope.importId} and kind = 'districts' and not deleted
      union select g.id from districts g where g.source_id = ${scope.sourceId} and ${present(scope, 'districts', sql`g.id`)}) d
    limit 2`.execute(scope.db);
  const district = only.rows.length === 1 ? (only.rows[0]?.id as string) : null;
  const fill = (kind: string, derived: RawBuilder<unknown>) => sql`
    update import_rows s set record = jsonb_set(s.record, '{district_id}', coalesce(to_jsonb(${derived}), to_jsonb(${district}::text), 'null'::jsonb))
    where s.import_id = ${scope.importId} and s.kind = ${kind} and not s.deleted and s.record->>'district_id' is null`;
  await fill('schools', sql`null::text`).execute(scope.db);
  await fill('sessions', sql`null::text`).execute(scope.db);
  await fill('courses', districtOfSchool(scope, sql`s.record->>'school_id'`)).execute(scope.db);
  await fill('people', districtOfSchool(scope, sql`s.record->'school_ids'->>0`)).execute(scope.db);
}

/**
 * Turns the staged rows into the final records: duplicates refused, demographics and roles
 * folded into people, references checked against what the source will hold (dangling ones
 * cleared, pruned or skipped, each with a warning), agents settled, districts filled in.
 * Runs outside any transaction: only this import's staging rows change.
 */
export async function resolve(scope: ImportScope, issues: Issues): Promise<void> {
  await checkDuplicates(scope, issues);
  if (issues.failed) return;
  await adoptPeople(scope);
  await reportOrphans(scope, issues);
  await foldDemographics(scope);
  await foldRoles(scope);
  await clearDangling(scope, issues, 'schools', 'district_id', 'districts');
  await clearDangling(scope, issues, 'sessions', 'parent_id', 'sessions');
  await clearDangling(scope, issues, 'courses', 'session_id', 'sessions');
  await clearDangling(scope, issues, 'courses', 'school_id', 'schools');
  await clearDangling(scope, issues, 'courses', 'district_id', 'districts');
  await clearDangling(scope, issues, 'classes', 'course_id', 'courses');
  await clearDangling(scope, issues, 'classes', 'school_id', 'schools');
  await pruneDangling(scope, issues, 'classes', 'session_ids', 'sessions');
  await pruneDangling(scope, issues, 'people', 'school_ids', 'schools');
  await clearDangling(scope, issues, 'people', 'district_id', 'districts');
  await skipDangling(scope, issues, 'enrollments', 'class_id', 'classes');
  await skipDangling(scope, issues, 'enrollments', 'person_id', 'people');
  await skipDangling(scope, issues, 'agents', 'observer_id', 'people');
  await skipDangling(scope, issues, 'agents', 'target_id', 'people');
  await settleAgents(scope);
  await fillDistricts(scope);
}
