import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { GraphKind } from '../tables.ts';

/**
 * How a row `r` relates to a parent record named by id: the conditions of the nested lists
 * (`/schools/:id/classes`) and of the User API's "the person's own".
 */
export type Relation = (id: string) => RawBuilder<boolean>;

/** The row's `column` names the parent. */
export const byColumn =
  (column: string): Relation =>
  (id) =>
    sql`${sql.ref(`r.${column}`)} = ${id}`;

/** The row's id list `column` holds the parent, and its roles `role` when given. */
export const inList =
  (column: string, role?: string): Relation =>
  (id) =>
    sql`${id}::uuid = any(${sql.ref(`r.${column}`)})${role ? sql` and ${role} = any(r.roles)` : sql``}`;

/**
 * OneRoster 1.1 has no district administrator role: its district administrators are the
 * administrators whose only org is the district (1.2 also names them `districtAdministrator`).
 */
export const districtAdministrators: Relation = (id) => sql`r.district_id = ${id}
  and ('district-administrator' = any(r.roles) or ('administrator' = any(r.roles) and cardinality(r.school_ids) = 0))`;

/** People enrolled in the class or section (`column` of enrollments), with `role` when given. */
export const enrolled =
  (column: 'class_id' | 'section_id', role: string | null): Relation =>
  (id) =>
    sql`r.id in (select e.person_id from enrollments e where ${sql.ref(`e.${column}`)} = ${id}
      ${role ? sql`and e.role = ${role}` : sql``})`;

const schoolsOf = (personId: string) => sql`select unnest(p.school_ids) from people p where p.id = ${personId}`;
const classSchoolsOf = (personId: string) =>
  sql`select c.school_id from classes c join enrollments e on e.class_id = c.id where e.person_id = ${personId}`;

/** What a person relates to by their own record, enrollments and agents, below `/people/:person_id`. */
export const OF_PERSON = {
  districts: (id: string) => sql<boolean>`r.id in (select p.district_id from people p where p.id = ${id})`,
  schools: (id: string) => sql<boolean>`r.id in (${schoolsOf(id)})`,
  classes: (id: string) => sql<boolean>`r.id in (select e.class_id from enrollments e where e.person_id = ${id})`,
  sections: (id: string) => sql<boolean>`r.id in (select e.section_id from enrollments e where e.person_id = ${id})`,
  agents: (id: string) => sql<boolean>`(r.observer_id = ${id} or r.target_id = ${id})`,
} satisfies Record<string, Relation>;

/**
 * The User API's "mine": as `OF_PERSON`, and also the schools of the person's classes and the
 * districts of all their schools.
 */
export const MINE = {
  ...OF_PERSON,
  districts: (id: string) => sql<boolean>`r.id in (select p.district_id from people p where p.id = ${id}
    union select s.district_id from schools s where s.id in (${schoolsOf(id)} union ${classSchoolsOf(id)}))`,
  schools: (id: string) => sql<boolean>`r.id in (${schoolsOf(id)} union ${classSchoolsOf(id)})`,
} satisfies Record<string, Relation>;

export type MineKind = keyof typeof MINE;

/** Whether record `id` of `kind` stands in `relation` to the parent `parentId`. */
export async function isRelated(
  db: Executor,
  kind: GraphKind,
  id: string,
  relation: Relation,
  parentId: string,
): Promise<boolean> {
  const { rows } = await sql`select 1 from ${sql.table(kind)} r where r.id = ${id} and ${relation(parentId)}`.execute(
    db,
  );
  return rows.length > 0;
}
