import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizeRecord } from '../auth/policies.ts';
import { memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { classes, courses, districts, type Model, people, schools, sections, sessions } from '../graph/models/index.ts';
import { pageOf } from '../graph/routes/page.ts';
import { GraphListQuery } from '../graph/schema.ts';
import { matching } from '../graph/store/search.ts';
import { sourceViewer } from '../graph/viewer.ts';
import { CreateIntegrationBody } from '../integrations/schema.ts';
import { checkSharing } from '../integrations/sharing.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { parsePaging } from '../lib/paging.ts';
import { SourceParams } from '../sources/schema.ts';
import { findSource } from '../sources/store.ts';
import { countShared } from './store.ts';

const tags = ['sources'];
const BROWSED: readonly Model[] = [districts, schools, sessions, courses, classes, sections, people];

const SharingPreviewBody = Type.Object(
  { scope: CreateIntegrationBody.properties.scope, targets: Type.Optional(CreateIntegrationBody.properties.targets) },
  { additionalProperties: false },
);

const SharingPreview = Type.Object({
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Records shared, by kind.' }),
});

const BrowseQuery = Type.Object({
  ...GraphListQuery.properties,
  search: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Words each of which a name (for people: a name or the email) contains, ignoring case.',
    }),
  ),
});

/**
 * An organization browsing its own source's records, as the Graph API presents them (with
 * contact details, without demographics), to choose what an integration shares. A source of
 * another team is absent.
 */
export const browseRoutes: Feature = (app, ctx) => {
  /** The source named in the path, when the caller's team owns it; absent otherwise. */
  const ownSource = async (request: FastifyRequest, id: string) => {
    const notFound = () => new NotFound(`Source with id ${id} not found.`);
    await authorizeRecord(ctx, memberOf(request), await findSource(ctx.db, id), 'read', notFound);
    return id;
  };

  for (const model of BROWSED) {
    app.get(
      `/api/v1/sources/:source_id/${model.kind}`,
      {
        serializerCompiler: () => JSON.stringify,
        schema: {
          tags,
          summary: `The source's ${model.kind}, paged, searchable and filtered as in the Graph API.`,
          params: SourceParams,
          querystring: BrowseQuery,
          response: { 200: Enveloped(Type.Array(model.schema)) },
        },
      },
      async (request) => {
        const id = await ownSource(request, request.params.source_id);
        // A cursor carries only `$` parameters: the search travels in it as `$search`, so each
        // page of `$next` keeps it, and a later page cannot change it.
        const query = request.query as Record<string, unknown>;
        if (query.search !== undefined) query.$search = query.search;
        const paging = parsePaging(query, ctx.cursorKey);
        const search = paging.params.$search;
        return pageOf(ctx, request, paging, sourceViewer(id), model, search ? matching(model.kind, search) : undefined);
      },
    );
  }

  app.post(
    '/api/v1/sources/:source_id/sharing-preview',
    {
      schema: {
        tags,
        summary: 'How many records of each kind an integration with this sharing would see.',
        params: SourceParams,
        body: SharingPreviewBody,
        response: { 200: Enveloped(SharingPreview) },
      },
    },
    async (request) => {
      const id = await ownSource(request, request.params.source_id);
      const { scope } = request.body;
      const targets = request.body.targets ?? [];
      await checkSharing(ctx.db, id, { scope, targets });
      return envelope(request, { counts: await countShared(ctx.db, { sourceId: id, scope, targets }) });
    },
  );
};
