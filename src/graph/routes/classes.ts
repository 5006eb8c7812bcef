import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { classes, enrollments, people, sections } from '../models/index.ts';
import { defineFetch, defineList, type Nesting } from './define.ts';

const ROSTERS = [
  ['people', null, 'People enrolled'],
  ['teachers', 'teacher', 'People enrolled as teachers'],
  ['students', 'student', 'People enrolled as students'],
] as const;

/**
 * The sections of a class, and the enrollments and rosters of a class or section, at Edlink's paths.
 * The User API serves them too, below the person's own classes and sections.
 */
export function rosterLists(app: Api, ctx: AppContext): void {
  defineList(app, ctx, '/classes/:class_id/sections', sections, 'Sections of the class.', {
    model: classes,
    param: 'class_id',
    permissions: ['organizations:read'],
    where: (id) => sql`r.class_id = ${id}`,
  });
  for (const [model, param, column] of [
    [classes, 'class_id', 'class_id'],
    [sections, 'section_id', 'section_id'],
  ] as const) {
    const base = `/${model.kind}/:${param}`;
    const nest = (where: Nesting['where']): Nesting => ({ model, param, permissions: ['enrollments:read'], where });
    const enrolled = (role: string | null) => (id: string) =>
      sql<boolean>`r.id in (select e.person_id from enrollments e where ${sql.ref(`e.${column}`)} = ${id}${role ? sql` and e.role = ${role}` : sql``})`;
    defineList(
      app,
      ctx,
      `${base}/enrollments`,
      enrollments,
      `Enrollments of the ${model.name.toLowerCase()}.`,
      nest((id) => sql`${sql.ref(`r.${column}`)} = ${id}`),
    );
    for (const [path, role, summary] of ROSTERS) {
      defineList(
        app,
        ctx,
        `${base}/${path}`,
        people,
        `${summary} in the ${model.name.toLowerCase()}.`,
        nest(enrolled(role)),
      );
    }
  }
}

/** Classes and sections, with their sections, enrollments and rosters, at Edlink's paths. */
export function classRoutes(app: Api, ctx: AppContext): void {
  defineList(app, ctx, '/classes', classes, 'Classes shared with the integration.');
  defineFetch(app, ctx, '/classes', 'class_id', classes);
  defineList(app, ctx, '/sections', sections, 'Sections shared with the integration.');
  defineFetch(app, ctx, '/sections', 'section_id', sections);
  rosterLists(app, ctx);
}
