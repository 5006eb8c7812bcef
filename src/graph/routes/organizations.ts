import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { classes, courses, districts, people, schools, sessions } from '../models/index.ts';
import { byColumn, districtAdministrators, inList } from '../store/relations.ts';
import { defineFetch, defineList, type Nesting } from './define.ts';

const school = (permissions: Nesting['permissions'], where: Nesting['where']): Nesting => ({
  model: schools,
  param: 'school_id',
  permissions,
  where,
});

/**
 * The lists below a district or a school, at Edlink's paths. The User API serves them too, below the
 * person's own districts and schools.
 */
export function organizationNestedLists(app: Api, ctx: AppContext): void {
  defineList(app, ctx, '/districts/:district_id/administrators', people, 'District administrators of the district.', {
    model: districts,
    param: 'district_id',
    permissions: ['enrollments:read'],
    where: districtAdministrators,
  });
  defineList(
    app,
    ctx,
    '/schools/:school_id/classes',
    classes,
    'Classes of the school.',
    school(['organizations:read'], byColumn('school_id')),
  );
  defineList(
    app,
    ctx,
    '/schools/:school_id/courses',
    courses,
    'Courses of the school.',
    school(['organizations:read'], byColumn('school_id')),
  );
  defineList(
    app,
    ctx,
    '/schools/:school_id/sessions',
    sessions,
    'Sessions of the school.',
    school(['terms:read'], byColumn('school_id')),
  );
  defineList(
    app,
    ctx,
    '/schools/:school_id/people',
    people,
    'People of the school.',
    school(['enrollments:read'], inList('school_ids')),
  );
  for (const [path, role] of [
    ['administrators', 'administrator'],
    ['teachers', 'teacher'],
    ['students', 'student'],
  ] as const) {
    defineList(
      app,
      ctx,
      `/schools/:school_id/${path}`,
      people,
      `People of the school with the role \`${role}\`.`,
      school(['enrollments:read'], inList('school_ids', role)),
    );
  }
}

/** Districts, schools, sessions and courses, with their nested lists, at Edlink's paths. */
export function organizationRoutes(app: Api, ctx: AppContext): void {
  defineList(app, ctx, '/districts', districts, 'The district of the source.');
  defineFetch(app, ctx, '/districts', 'district_id', districts);
  defineList(app, ctx, '/schools', schools, 'Schools shared with the integration.');
  defineFetch(app, ctx, '/schools', 'school_id', schools);
  organizationNestedLists(app, ctx);

  defineList(app, ctx, '/sessions', sessions, 'Sessions (terms) shared with the integration.');
  defineFetch(app, ctx, '/sessions', 'session_id', sessions);

  defineList(app, ctx, '/courses', courses, 'Courses shared with the integration.');
  defineFetch(app, ctx, '/courses', 'course_id', courses);
  defineList(app, ctx, '/courses/:course_id/classes', classes, 'Classes of the course.', {
    model: courses,
    param: 'course_id',
    permissions: ['organizations:read'],
    where: byColumn('course_id'),
  });
}
