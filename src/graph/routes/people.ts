import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { agents, classes, districts, enrollments, people, schools, sections } from '../models/index.ts';
import { defineFetch, defineList, type Nesting } from './define.ts';

const person = (permissions: Nesting['permissions'], where: Nesting['where']): Nesting => ({
  model: people,
  param: 'person_id',
  permissions,
  where,
});

/** People, enrollments and agents, with what a person relates to, at Edlink's Graph API paths. */
export function peopleRoutes(app: Api, ctx: AppContext): void {
  defineList(app, ctx, '/people', people, 'People shared with the integration.');
  defineFetch(app, ctx, '/people', 'person_id', people);
  defineList(
    app,
    ctx,
    '/people/:person_id/enrollments',
    enrollments,
    "The person's enrollments.",
    person(['enrollments:read'], (id) => sql`r.person_id = ${id}`),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/districts',
    districts,
    "The person's district.",
    person(['organizations:read'], (id) => sql`r.id in (select p.district_id from people p where p.id = ${id})`),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/schools',
    schools,
    "The person's schools.",
    person(['organizations:read'], (id) => sql`r.id in (select unnest(p.school_ids) from people p where p.id = ${id})`),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/classes',
    classes,
    'Classes the person is enrolled in.',
    person(['enrollments:read'], (id) => sql`r.id in (select e.class_id from enrollments e where e.person_id = ${id})`),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/sections',
    sections,
    'Sections the person is enrolled in.',
    person(
      ['enrollments:read'],
      (id) => sql`r.id in (select e.section_id from enrollments e where e.person_id = ${id})`,
    ),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/agents',
    agents,
    'Agents the person observes or is observed by.',
    person(['agents:read'], (id) => sql`(r.observer_id = ${id} or r.target_id = ${id})`),
  );

  defineList(app, ctx, '/enrollments', enrollments, 'Enrollments shared with the integration.');
  defineFetch(app, ctx, '/enrollments', 'enrollment_id', enrollments);
  defineList(app, ctx, '/agents', agents, 'Agents (guardians and other observers) shared with the integration.');
  defineFetch(app, ctx, '/agents', 'agent_id', agents);
}
