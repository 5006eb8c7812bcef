import { Type } from 'typebox';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import type { Api, Feature } from '../feature.ts';
import { agents, classes, districts, type Model, people, schools, sections } from '../graph/models/index.ts';
import { rosterLists } from '../graph/routes/classes.ts';
import { defineFetch } from '../graph/routes/define.ts';
import { organizationNestedLists } from '../graph/routes/organizations.ts';
import { fetchRecords } from '../graph/store/records.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound, UnsupportedOperation } from '../lib/errors.ts';
import { findSource } from '../sources/store.ts';
import { defineMyList, ownedRecords } from './define.ts';
import { presentMyIntegration, presentMySource } from './presenters.ts';

const tags = ['user-api'];

/** The person, their integration and their source: everything `sso` alone unlocks. */
function selfRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/profile',
    {
      serializerCompiler: () => JSON.stringify,
      schema: { tags, summary: 'The signed-in person.', response: { 200: Enveloped(people.schema) } },
    },
    async (request) => {
      const me = principalOf(request, 'person');
      const [person] = await fetchRecords(ctx.db, me.viewer, people, [me.id]);
      return envelope(request, person?.data ?? {});
    },
  );
  app.get(
    '/integration',
    { schema: { tags, summary: 'The integration the person signed in through.' } },
    async (request) => envelope(request, presentMyIntegration(principalOf(request, 'person').integration)),
  );
  app.get('/source', { schema: { tags, summary: "The person's source, with its provider." } }, async (request) => {
    const source = await findSource(ctx.db, principalOf(request, 'person').integration.source_id);
    if (!source) throw new NotFound('The source of your integration no longer exists.');
    return envelope(
      request,
      presentMySource(source, { id: source.provider_id, name: source.provider_name, title: source.provider_title }),
    );
  });
}

/**
 * Districts, schools, classes, sections and agents of the person, with class and section rosters
 * (Edlink's User API paths) and the lists below a district or school that the SDK's shared resource
 * classes also call on the User API. Fetches and nested lists are the Graph API's, below
 * `ownedRecords`: the parent must be the person's, the list is then the integration's view of it.
 */
function rosterRoutes(app: Api, ctx: AppContext): void {
  const lists: Array<[string, Model, string, string]> = [
    ['/districts', districts, "The person's district.", 'district_id'],
    ['/schools', schools, "The person's schools.", 'school_id'],
    ['/classes', classes, 'Classes the person is enrolled in.', 'class_id'],
    ['/sections', sections, 'Sections the person is enrolled in.', 'section_id'],
    ['/agents', agents, 'Agents the person observes or is observed by.', 'agent_id'],
  ];
  for (const [path, model, summary, param] of lists) {
    defineMyList(app, ctx, path, model, summary);
    defineFetch(app, ctx, path, param, model);
  }
  rosterLists(app, ctx);
  organizationNestedLists(app, ctx);
}

/** Categories, assignments and submissions come with a later coursework feature; until then they say so. */
function courseworkRoutes(app: Api): void {
  const unsupported = async () => {
    throw new UnsupportedOperation('Coursework (categories, assignments, submissions) is not supported yet.');
  };
  const schema = {
    tags,
    summary: 'Coursework: answers UNSUPPORTED_OPERATION.',
    params: Type.Object({}, { additionalProperties: true }),
  };
  const routes: Array<[string, Array<'GET' | 'POST' | 'PATCH' | 'DELETE'>]> = [
    ['/classes/:class_id/categories', ['GET', 'POST']],
    ['/classes/:class_id/categories/:category_id', ['GET', 'PATCH', 'DELETE']],
    ['/classes/:class_id/assignments', ['GET', 'POST']],
    ['/classes/:class_id/assignments/:assignment_id', ['GET', 'PATCH', 'DELETE']],
    ['/classes/:class_id/assignments/:assignment_id/submissions', ['GET']],
    ['/classes/:class_id/assignments/:assignment_id/submissions/:submission_id', ['GET', 'PATCH']],
    ['/classes/:class_id/assignments/:assignment_id/submit', ['POST']],
    ['/classes/:class_id/assignments/:assignment_id/reclaim', ['POST']],
    ['/classes/:class_id/assignments/:assignment_id/submissions/:submission_id/return', ['POST']],
  ];
  for (const [url, methods] of routes) app.route({ method: methods, url, schema, handler: unsupported });
}

/** The User API (`/api/v2/my`, Edlink-compatible), for a person's token from sign-in. */
export const myRoutes: Feature = async (app, ctx) => {
  await app.register(
    async (my: Api) => {
      my.addHook('preHandler', ownedRecords(ctx));
      selfRoutes(my, ctx);
      rosterRoutes(my, ctx);
      courseworkRoutes(my);
    },
    { prefix: '/api/v2/my' },
  );
};
