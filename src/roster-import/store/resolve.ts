import { type RawBuilder, sql } from 'kysely';
import type { Issues } from '../issues.ts';
import { adoptPeople, foldDemographics, foldRoles, reportOrphans, settleAgents } from './fold.ts';
import { clearDangling, type ImportScope, pruneDangling, skipDangling } from './references.ts';
import { STAGED_KINDS } from './staging.ts';

/**
 * The same sourcedId twice in a file is an error: which row is the record would be a guess.
 * Records are compared by id (derived from the sourcedId, and cheaper to group than text);
 * roles share their person's id, so they are compared by sourcedId. Agents are checked through
 * their users rows.
 */
async function checkDuplicates(scope: ImportScope, issues: Issues): Promise<void> {
  const byId = STAGED_KINDS.filter((kind) => kind !== 'agents' && kind !== 'roles').map(
    (kind) => sql`select min(file) as file, min(sourced_id) as sourced_id, array_agg(line order by line) as lines
      from ${scope.staged(kind)} group by id having count(*) > 1`,
  );
  const { rows } = await sql<{ file: string; sourced_id: string; lines: number[]; total: number }>`
    with repeated as (
      ${sql.join(byId, sql` union all `)}
      union all
      select min(file), sourced_id, array_agg(line order by line) from ${scope.staged('roles')}
      group by sourced_id having count(*) > 1)
    select file, sourced_id, lines, count(*) over ()::int as total from repeated order by lines[1] limit 100`.execute(
    scope.db,
  );
  for (const row of rows) {
    issues.error(
      { file: row.file, line: row.lines[0] ?? null, column: 'sourcedId' },
      `'${row.sourced_id}' appears again on line ${row.lines.slice(1).join(', ')}`,
    );
  }
  const extra = (rows[0]?.total ?? 0) - rows.length;
  if (extra > 0) issues.error({}, `${extra} more sourcedIds appear more than once`, extra);
}

/**
 * Records OneRoster links to no district (sessions; schools, courses and people without a
 * district org) get the district of their school, or else the source's district when it has
 * exactly one — the usual case, and what Edlink's `district_id` expects.
 */
async function fillDistricts(scope: ImportScope): Promise<void> {
  const staged = sql`select id from ${scope.staged('districts')} where not deleted`;
  // A bulk orgs.csv replaces the source's districts; otherwise those it does not delete stay.
  const stored = sql`select g.id from districts g where g.source_id = ${scope.sourceId}
    and not exists (select 1 from ${scope.staged('districts')} d where d.id = g.id and d.deleted)`;
  const only = await sql<{ id: string }>`
    select id from (${staged}${scope.mode('districts') === 'bulk' ? sql`` : sql` union ${stored}`}) d limit 2`.execute(
    scope.db,
  );
  const district = only.rows.length === 1 ? (only.rows[0]?.id as string) : null;
  // The district of a school once the import is applied: staged, else stored.
  const fill = (kind: string, school: RawBuilder<unknown> | null) => {
    const derived = school ? sql`coalesce(s.district_id, g.district_id)` : sql`null::uuid`;
    const joins = school
      ? sql`left join ${scope.staged('schools')} s on s.id = ${school} and not s.deleted
          left join schools g on g.id = ${school}`
      : sql``;
    return sql`
      update ${scope.staged(kind)} t set district_id = coalesce(f.district_id, ${district}::uuid)
      from (select x.id, ${derived} as district_id from ${scope.staged(kind)} x ${joins}
        where not x.deleted and x.district_id is null) f
      where t.id = f.id and coalesce(f.district_id, ${district}::uuid) is not null`;
  };
  await fill('schools', null).execute(scope.db);
  await fill('sessions', null).execute(scope.db);
  await fill('courses', sql`x.school_id`).execute(scope.db);
  await fill('people', sql`x.school_ids[1]`).execute(scope.db);
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
