import { type RawBuilder, sql } from 'kysely';
import type { Issues } from './issues.ts';
import type { ImportScope } from './references.ts';

/**
 * Folds the files OneRoster keeps apart from users (demographics, 1.2 roles) into people, and
 * settles agents. All of it runs in SQL over the staging rows, so memory stays flat.
 */

/**
 * A delta may bring demographics or roles for a person whose users row it does not carry: the
 * person is staged from the graph as it is, so that folding has a record to change.
 */
export async function adoptPeople(scope: ImportScope): Promise<void> {
  if (scope.mode('people') === 'bulk') return;
  await sql`
    insert into import_rows (import_id, kind, id, sourced_id, file, line, deleted, record, refs)
    select ${scope.importId}, 'people', g.id, g.sourced_id, a.file, a.line, false, to_jsonb(g) - 'created_date' - 'updated_date' - 'hash', null
    from people g
    join (select distinct on (id) id, file, line from import_rows where import_id = ${scope.importId} and kind in ('roles', 'demographics') order by id, line) a on a.id = g.id
    where not exists (select 1 from import_rows p where p.import_id = ${scope.importId} and p.kind = 'people' and p.id = g.id)`.execute(scope.db);
}

/** Demographics and roles rows whose person is nowhere: reported, then ignored. */
export async function reportOrphans(scope: ImportScope, issues: Issues): Promise<void> {
  const { rows } = await sql<{ file: string; count: number; line: number; column: string; example: string }>`
    select a.file, count(*)::int as count, min(a.line) as line, min(a.refs->'person'->>0) as "column", (array_agg(a.refs->'person'->>1 order by a.line))[1] as example
    from import_rows a
    where a.import_id = ${scope.importId} and a.kind in ('roles', 'demographics') and not a.deleted
      and not exists (select 1 from import_rows p where p.import_id = ${scope.importId} and p.kind = 'people' and p.id = a.id)
    group by a.file`.execute(scope.db);
  for (const row of rows) {
    issues.warn(row, `'${row.example}' is not a user of this import or of the source; the row is ignored`, 'orphan', row.count);
  }
}

/**
 * A person's demographics: their demographics row; without one, none when demographics.csv is
 * bulk (it lists everyone's), and the stored ones otherwise.
 */
export async function foldDemographics(scope: ImportScope): Promise<void> {
  await sql`
    update import_rows p set record = jsonb_set(p.record, '{demographics}', case when d.deleted then 'null'::jsonb else d.record end)
    from import_rows d
    where p.import_id = ${scope.importId} and p.kind = 'people' and not p.deleted
      and d.import_id = ${scope.importId} and d.kind = 'demographics' and d.id = p.id`.execute(scope.db);
  if (scope.mode('demographics') === 'bulk') return;
  await sql`
    update import_rows p set record = jsonb_set(p.record, '{demographics}', g.demographics)
    from people g
    where p.import_id = ${scope.importId} and p.kind = 'people' and not p.deleted and g.id = p.id and g.demographics is not null
      and p.record->'demographics' = 'null'::jsonb
      and not exists (select 1 from import_rows d where d.import_id = ${scope.importId} and d.kind = 'demographics' and d.id = p.id)`.execute(scope.db);
}

/** Roles rows of a person, as a set of values of one field. */
function fromRoles(scope: ImportScope, field: string): RawBuilder<unknown> {
  return sql`select r.record->>${field} from import_rows r
    where r.import_id = ${scope.importId} and r.kind = 'roles' and r.id = p.id and not r.deleted and r.record->>${field} is not null`;
}

/**
 * 1.2 roles.csv → the person's roles, schools and district. A delta adds to what the person had:
 * a delta cannot say which roles it leaves out, so a role ends only with a bulk roles.csv.
 */
export async function foldRoles(scope: ImportScope): Promise<void> {
  if (scope.mode('roles') === 'absent') return;
  await sql`
    update import_rows p set record = p.record
      || jsonb_build_object('roles', (select coalesce(jsonb_agg(distinct x), '[]') from
          (select jsonb_array_elements_text(p.record->'roles') as x union ${fromRoles(scope, 'role')}) roles))
      || jsonb_build_object('school_ids', (select coalesce(jsonb_agg(distinct x), '[]') from
          (select jsonb_array_elements_text(p.record->'school_ids') as x union ${fromRoles(scope, 'school_id')}) schools))
      || jsonb_build_object('district_id', coalesce(p.record->'district_id', (select to_jsonb(r.record->>'district_id') from import_rows r
          where r.import_id = ${scope.importId} and r.kind = 'roles' and r.id = p.id and not r.deleted and r.record->>'district_id' is not null
          order by (r.record->>'primary')::boolean desc, r.line limit 1), 'null'::jsonb))
    where p.import_id = ${scope.importId} and p.kind = 'people' and not p.deleted
      and exists (select 1 from import_rows r where r.import_id = ${scope.importId} and r.kind = 'roles' and r.id = p.id)`.execute(scope.db);
}

/**
 * The roles of a person once the import is applied, joined as `alias`: staged, or stored when
 * users.csv is not bulk. Joins by id use the indexes; a shared CTE would not.
 */
function joinRoles(scope: ImportScope, alias: string, id: RawBuilder<unknown>): { join: RawBuilder<unknown>; roles: RawBuilder<unknown> } {
  const staged = sql.id(`${alias}_staged`);
  const stored = sql.id(`${alias}_stored`);
  const join = sql`left join import_rows ${staged} on ${staged}.import_id = ${scope.importId} and ${staged}.kind = 'people' and not ${staged}.deleted and ${staged}.id = ${id}`;
  if (scope.mode('people') === 'bulk') return { join, roles: sql`coalesce(${staged}.record->'roles', '[]'::jsonb)` };
  return {
    join: sql`${join} left join people ${stored} on ${stored}.id = ${id}`,
    roles: sql`coalesce(${staged}.record->'roles', to_jsonb(${stored}.roles), '[]'::jsonb)`,
  };
}

const GUARDIAN = sql`array['["parent"]'::jsonb, '["guardian"]'::jsonb]`;

/**
 * `agentSourcedIds` says who is linked, not who observes whom, and exports list the link from
 * either side (a student lists a parent, the parent lists the student). The parent or guardian
 * is the observer; a link listed from both sides is kept once. The relationship is the
 * observer's role: parent, guardian (relatives are guardians in Edlink), aide, or other.
 */
export async function settleAgents(scope: ImportScope): Promise<void> {
  const observer = joinRoles(scope, 'o', sql`(a.record->>'observer_id')::uuid`);
  const target = joinRoles(scope, 't', sql`(a.record->>'target_id')::uuid`);
  const relationship = (roles: RawBuilder<unknown>) =>
    sql`case when ${roles} @> '["parent"]' then 'parent' when ${roles} @> '["guardian"]' then 'guardian' when ${roles} @> '["aide"]' then 'aide' else 'other' end`;
  await sql`
    update import_rows x set
      id = case when l.swap then (x.refs->'reverse'->>'id')::uuid else x.id end,
      sourced_id = case when l.swap then x.refs->'reverse'->>'sourced_id' else x.sourced_id end,
      record = x.record || case when l.swap then jsonb_build_object('id', x.refs->'reverse'->'id', 'sourced_id', x.refs->'reverse'->'sourced_id',
          'observer_id', x.record->'target_id', 'target_id', x.record->'observer_id') else '{}'::jsonb end
        || jsonb_build_object('relationship', ${relationship(sql`case when l.swap then l.target else l.observer end`)})
    from (
      select a.id, ${observer.roles} as observer, ${target.roles} as target,
        ${target.roles} @> any (${GUARDIAN}) and not ${observer.roles} @> any (${GUARDIAN}) as swap
      from import_rows a ${observer.join} ${target.join}
      where a.import_id = ${scope.importId} and a.kind = 'agents') l
    where x.import_id = ${scope.importId} and x.kind = 'agents' and x.id = l.id`.execute(scope.db);
  await sql`
    delete from import_rows a using import_rows b
    where a.import_id = ${scope.importId} and b.import_id = ${scope.importId} and a.kind = 'agents' and b.kind = 'agents'
      and a.id = b.id and a.ctid > b.ctid`.execute(scope.db);
}
