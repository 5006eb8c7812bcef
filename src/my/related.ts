import { type RawBuilder, sql } from 'kysely';

/**
 * What a person is related to, as conditions on the row `r` of each kind: their district, their
 * schools (by membership or through their classes), the classes and sections they are enrolled
 * in, and the agents they observe or are observed by.
 */
export type Related = (personId: string) => RawBuilder<boolean>;

const schoolsOf = (personId: string) => sql`select unnest(p.school_ids) from people p where p.id = ${personId}
  union select c.school_id from classes c join enrollments e on e.class_id = c.id where e.person_id = ${personId}`;

export const RELATED = {
  districts: (personId: string) =>
    sql<boolean>`r.id in (select p.district_id from people p where p.id = ${personId} union select s.district_id from schools s where s.id in (${schoolsOf(personId)}))`,
  schools: (personId: string) => sql<boolean>`r.id in (${schoolsOf(personId)})`,
  classes: (personId: string) =>
    sql<boolean>`r.id in (select e.class_id from enrollments e where e.person_id = ${personId})`,
  sections: (personId: string) =>
    sql<boolean>`r.id in (select e.section_id from enrollments e where e.person_id = ${personId})`,
  agents: (personId: string) => sql<boolean>`(r.observer_id = ${personId} or r.target_id = ${personId})`,
} satisfies Record<string, Related>;

export type RelatedKind = keyof typeof RELATED;
