import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { classes, enrollments, people, sections } from '../models/index.ts';
import { byColumn, enrolled } from '../store/relations.ts';
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
    where: byColumn('class_id'),
  });
  for (const [model, param, column] of [
    [classes, 'class_id', 'class_id'],
    [sections, 'section_id', 'section_id'],
  ] as const) {
    const base = `/${model.kind}/:${param}`;
    const nest = (where: Nesting['where']): Nesting => ({ model, param, permissions: ['enrollments:read'], where });
    defineList(
      app,
      ctx,
      `${base}/enrollments`,
      enrollments,
      `Enrollments of the ${model.name.toLowerCase()}.`,
      nest(byColumn(column)),
    );
    for (const [path, role, summary] of ROSTERS) {
      defineList(
        app,
        ctx,
        `${base}/${path}`,
        people,
        `${summary} in the ${model.name.toLowerCase()}.`,
        nest(enrolled(column, role)),
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
