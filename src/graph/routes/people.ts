import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { agents, classes, districts, enrollments, people, schools, sections } from '../models/index.ts';
import { byColumn, OF_PERSON } from '../store/relations.ts';
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
    person(['enrollments:read'], byColumn('person_id')),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/districts',
    districts,
    "The person's district.",
    person(['organizations:read'], OF_PERSON.districts),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/schools',
    schools,
    "The person's schools.",
    person(['organizations:read'], OF_PERSON.schools),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/classes',
    classes,
    'Classes the person is enrolled in.',
    person(['enrollments:read'], OF_PERSON.classes),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/sections',
    sections,
    'Sections the person is enrolled in.',
    person(['enrollments:read'], OF_PERSON.sections),
  );
  defineList(
    app,
    ctx,
    '/people/:person_id/agents',
    agents,
    'Agents the person observes or is observed by.',
    person(['agents:read'], OF_PERSON.agents),
  );

  defineList(app, ctx, '/enrollments', enrollments, 'Enrollments shared with the integration.');
  defineFetch(app, ctx, '/enrollments', 'enrollment_id', enrollments);
  defineList(app, ctx, '/agents', agents, 'Agents (guardians and other observers) shared with the integration.');
  defineFetch(app, ctx, '/agents', 'agent_id', agents);
}
