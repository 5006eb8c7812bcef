import { type RawBuilder, sql } from 'kysely';
import type { Issues } from '../issues.ts';
import type { ImportScope } from './references.ts';
import { recordColumns } from './staging.ts';

/**
 * Folds the files OneRoster keeps apart from users (demographics, 1.2 roles) into people, and
 * settles agents. All of it runs in SQL over the staging tables, so memory stays flat.
 */

/**
 * A delta may bring demographics or roles for a person whose users row it does not carry: the
 * person is staged from the graph as it is, so that folding has a record to change.
 */
export async function adoptPeople(scope: ImportScope): Promise<void> {
  if (scope.mode('people') === 'bulk') return;
  const columns = ((await recordColumns(scope.db)).get('people') ?? []).map((column) => sql.id(column.name));
  await sql`
    insert into ${scope.staged('people')} (file, line, deleted, refs, ${sql.join(columns)})
    select a.file, a.line, false, null, ${sql.join(columns.map((column) => sql`g.${column}`))}
    from people g
    join (select distinct on (id) id, file, line from (
        select id, file, line from ${scope.staged('roles')}
        union all select id, file, line from ${scope.staged('demographics')}) r
      order by id, line) a on a.id = g.id
    where not exists (select 1 from ${scope.staged('people')} p where p.id = g.id)`.execute(scope.db);
}

/** Demographics and roles rows whose person is nowhere: reported, then ignored. */
export async function reportOrphans(scope: ImportScope, issues: Issues): Promise<void> {
  const folded = sql`select id, file, line, refs, deleted from ${scope.staged('roles')}
    union all select id, file, line, refs, deleted from ${scope.staged('demographics')}`;
  const { rows } = await sql<{ file: string; count: number; line: number; column: string; example: string }>`
    select a.file, count(*)::int as count, min(a.line) as line, min(a.refs->'person'->>0) as "column",
      (array_agg(a.refs->'person'->>1 order by a.line))[1] as example
    from (${folded}) a
    where not a.deleted and not exists (select 1 from ${scope.staged('people')} p where p.id = a.id)
    group by a.file`.execute(scope.db);
  for (const row of rows) {
    issues.warn(
      row,
      `'${row.example}' is not a user of this import or of the source; the row is ignored`,
      'orphan',
      row.count,
    );
  }
}

/**
 * A person's demographics: their demographics row; without one, none when demographics.csv is
 * bulk (it lists everyone's), and the stored ones otherwise.
 */
export async function foldDemographics(scope: ImportScope): Promise<void> {
  await sql`
    update ${scope.staged('people')} p set demographics = case when d.deleted then null else d.demographics end
    from ${scope.staged('demographics')} d
    where not p.deleted and d.id = p.id`.execute(scope.db);
  if (scope.mode('demographics') === 'bulk') return;
  await sql`
    update ${scope.staged('people')} p set demographics = g.demographics
    from people g
    where not p.deleted and g.id = p.id and g.demographics is not null and p.demographics is null
      and not exists (select 1 from ${scope.staged('demographics')} d where d.id = p.id)`.execute(scope.db);
}

/**
 * The distinct values of a person's list and of one field of their roles rows, sorted as text
 * (the order the earlier JSON records gave, which record fingerprints depend on).
 */
function merged(scope: ImportScope, list: string, field: string): RawBuilder<unknown> {
  return sql`select coalesce(array_agg(distinct x), '{}') from (
      select unnest(p.${sql.id(list)})::text as x
      union select r.${sql.id(field)}::text from ${scope.staged('roles')} r
      where r.id = p.id and not r.deleted and r.${sql.id(field)} is not null) values`;
}

/**
 * 1.2 roles.csv → the person's roles, schools and district. A delta adds to what the person had:
 * a delta cannot say which roles it leaves out, so a role ends only with a bulk roles.csv.
 */
export async function foldRoles(scope: ImportScope): Promise<void> {
  if (scope.mode('roles') === 'absent') return;
  await sql`
    update ${scope.staged('people')} p set
      roles = (${merged(scope, 'roles', 'role')}),
      school_ids = (${merged(scope, 'school_ids', 'school_id')})::uuid[],
      district_id = coalesce(p.district_id, (select r.district_id from ${scope.staged('roles')} r
        where r.id = p.id and not r.deleted and r.district_id is not null order by r."primary" desc, r.line limit 1))
    where not p.deleted and exists (select 1 from ${scope.staged('roles')} r where r.id = p.id)`.execute(scope.db);
}

/**
 * The roles of a person once the import is applied, joined as `alias`: staged, or stored when
 * users.csv is not bulk.
 */
function joinRoles(
  scope: ImportScope,
  alias: string,
  id: RawBuilder<unknown>,
): { join: RawBuilder<unknown>; roles: RawBuilder<unknown> } {
  const staged = sql.id(`${alias}_staged`);
  const stored = sql.id(`${alias}_stored`);
  const join = sql`left join ${scope.staged('people')} ${staged} on not ${staged}.deleted and ${staged}.id = ${id}`;
  if (scope.mode('people') === 'bulk') return { join, roles: sql`coalesce(${staged}.roles, '{}')` };
  return {
    join: sql`${join} left join people ${stored} on ${stored}.id = ${id}`,
    roles: sql`coalesce(${staged}.roles, ${stored}.roles, '{}')`,
  };
}

const GUARDIAN = sql`array['parent', 'guardian']`;

/**
 * `agentSourcedIds` says who is linked, not who observes whom, and exports list the link from
 * either side (a student lists a parent, the parent lists the student). The parent or guardian
 * is the observer; a link listed from both sides is kept once. The relationship is the
 * observer's role: parent, guardian (relatives are guardians in Edlink), aide, or other.
 */
export async function settleAgents(scope: ImportScope): Promise<void> {
  const observer = joinRoles(scope, 'o', sql`a.observer_id`);
  const target = joinRoles(scope, 't', sql`a.target_id`);
  const relationship = (roles: RawBuilder<unknown>) =>
    sql`case when 'parent' = any(${roles}) then 'parent' when 'guardian' = any(${roles}) then 'guardian'
      when 'aide' = any(${roles}) then 'aide' else 'other' end`;
  // In an UPDATE every right-hand side reads the row as it was, so the two ends swap.
  await sql`
    update ${scope.staged('agents')} x set
      id = case when l.swap then (x.refs->'reverse'->>'id')::uuid else x.id end,
      sourced_id = case when l.swap then x.refs->'reverse'->>'sourced_id' else x.sourced_id end,
      observer_id = case when l.swap then x.target_id else x.observer_id end,
      target_id = case when l.swap then x.observer_id else x.target_id end,
      relationship = ${relationship(sql`case when l.swap then l.target else l.observer end`)}
    from (
      select a.id, ${observer.roles} as observer, ${target.roles} as target,
        ${target.roles} && ${GUARDIAN} and not ${observer.roles} && ${GUARDIAN} as swap
      from ${scope.staged('agents')} a ${observer.join} ${target.join}) l
    where x.id = l.id`.execute(scope.db);
  await sql`delete from ${scope.staged('agents')} a using ${scope.staged('agents')} b
    where a.id = b.id and a.ctid > b.ctid`.execute(scope.db);
}
