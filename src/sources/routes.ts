import { Type } from 'typebox';
import type { Feature } from '../app.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { authenticate, authorizeRecord, requireTeamRole } from '../teams/auth.ts';
import { TeamParams } from '../teams/schema.ts';
import { CreateSourceBody, Source, SourceParams, UpdateSourceBody } from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['sources'];
const notFound = (id: string) => () => new NotFound(`Source with id ${id} not found.`);

/** A team's connections to outside systems. */
export const sourcesRoutes: Feature = (app, ctx) => {
  const auth = authenticate(ctx);

  app.get(
    '/api/v1/teams/:team_id/sources',
    {
      preHandler: [auth, requireTeamRole(ctx, 'read')],
      schema: {
        tags,
        summary: "A team's sources.",
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Source)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query);
      const rows = await store.listSources(ctx.db, request.params.team_id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, service.presentSourceRow);
    },
  );

  app.post(
    '/api/v1/teams/:team_id/sources',
    {
      preHandler: [auth, requireTeamRole(ctx, 'administer')],
      schema: {
        tags,
        summary: 'Connect a source.',
        params: TeamParams,
        body: CreateSourceBody,
        response: { 200: Enveloped(Source) },
      },
    },
    async (request) =>
      envelope(request, await service.createSource(ctx, request.caller!, request.params.team_id, request.body)),
  );

  app.get(
    '/api/v1/sources/:source_id',
    {
      preHandler: auth,
      schema: { tags, summary: 'One source.', params: SourceParams, response: { 200: Enveloped(Source) } },
    },
    async (request) => {
      const { source_id: id } = request.params;
      const source = await authorizeRecord(
        ctx,
        request.caller,
        await store.findSource(ctx.db, id),
        'read',
        notFound(id),
      );
      return envelope(request, service.presentSourceRow(source));
    },
  );

  app.patch(
    '/api/v1/sources/:source_id',
    {
      preHandler: auth,
      schema: {
        tags,
        summary: 'Change a source; its provider is fixed.',
        params: SourceParams,
        body: UpdateSourceBody,
        response: { 200: Enveloped(Source) },
      },
    },
    async (request) => {
      const { source_id: id } = request.params;
      const source = await authorizeRecord(
        ctx,
        request.caller,
        await store.findSource(ctx.db, id),
        'administer',
        notFound(id),
      );
      return envelope(request, await service.updateSource(ctx, request.caller!, source, request.body));
    },
  );

  app.delete(
    '/api/v1/sources/:source_id',
    {
      preHandler: auth,
      schema: { tags, summary: 'Delete a source with its data and integrations.', params: SourceParams },
    },
    async (request) => {
      const { source_id: id } = request.params;
      const source = await authorizeRecord(
        ctx,
        request.caller,
        await store.findSource(ctx.db, id),
        'administer',
        notFound(id),
      );
      await service.deleteSource(ctx, request.caller!, source);
      return envelope(request, null);
    },
  );
};
