import { type RawBuilder, sql } from 'kysely';
import type { GraphKind } from '../tables.ts';

/** What an integration shares of its source: everything (`all`) or what its targets reach (`selected`). */
export type Sharing = { sourceId: string; scope: 'all' | 'selected'; targets: readonly string[] };

/**
 * The sharing rules as SQL (`all` shares the whole source; `selected` shares what its schools,
 * classes and courses reach): for one kind, the condition on its row `r` that makes
 * the record shared. Targets are schools, classes or courses; record ids differ across kinds and
 * sources, so comparing a reference column with the whole target list picks exactly the targets
 * of the right kind.
 *
 * - school target: the school, its classes with their sections and enrollments, courses and
 *   sessions of the school or of those classes, people with the school in `school_ids` or
 *   enrolled in those classes;
 * - class target (a course target is each of its classes): the class, its sections, enrollments,
 *   enrolled people, course, sessions and school record;
 * - agents whose observer and target are both shared; the district always.
 */
function selected(kind: GraphKind, sourceId: string, targetList: readonly string[]): RawBuilder<boolean> {
  const targets = sql`string_to_array(${targetList.join(',')}, ',')::uuid[]`;
  const classTargets = sql`select c.id, c.school_id, c.course_id, c.session_ids from classes c
    where c.source_id = ${sourceId} and (c.id = any(${targets}) or c.course_id = any(${targets}))`;
  const classes = sql`select c.id, c.school_id, c.course_id, c.session_ids from classes c
    where c.source_id = ${sourceId}
      and (c.id = any(${targets}) or c.course_id = any(${targets}) or c.school_id = any(${targets}))`;
  const person = (alias: string) =>
    sql<boolean>`(${sql.ref(`${alias}.school_ids`)} && ${targets} or ${sql.ref(`${alias}.id`)} in (
      select e.person_id from enrollments e
      where e.source_id = ${sourceId} and e.class_id in (select id from (${classes}) k)))`;
  switch (kind) {
    case 'districts':
      return sql<boolean>`true`;
    case 'schools':
      return sql<boolean>`(r.id = any(${targets}) or r.id in (select school_id from (${classTargets}) k))`;
    case 'classes':
      return sql<boolean>`(r.id = any(${targets}) or r.course_id = any(${targets}) or r.school_id = any(${targets}))`;
    case 'sections':
    case 'enrollments':
      return sql<boolean>`r.class_id in (select id from (${classes}) k)`;
    case 'courses':
      return sql<boolean>`(r.id = any(${targets}) or r.school_id = any(${targets})
        or r.id in (select course_id from (${classes}) k))`;
    case 'sessions':
      return sql<boolean>`(r.school_id = any(${targets}) or r.id in (select unnest(session_ids) from (${classes}) k))`;
    case 'people':
      return person('r');
    case 'agents': {
      const shared = sql`select p.id from people p where p.source_id = ${sourceId} and ${person('p')}`;
      return sql<boolean>`(r.observer_id in (${shared}) and r.target_id in (${shared}))`;
    }
  }
}

/** The shared records of one kind, with their content hash. */
export function sharedRecords(kind: GraphKind, sharing: Sharing): RawBuilder<{ id: string; hash: string }> {
  const condition = sharing.scope === 'all' ? sql`true` : selected(kind, sharing.sourceId, sharing.targets);
  return sql`select r.id, r.hash from ${sql.table(kind)} r where r.source_id = ${sharing.sourceId} and ${condition}`;
}
