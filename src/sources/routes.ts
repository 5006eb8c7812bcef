import { Type } from 'typebox';
import { authorizeRecord, requireTeamRole } from '../auth/policies.ts';
import { memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { TeamParams } from '../teams/schema.ts';
import { presentSourceRow } from './presenters.ts';
import { CreateSourceBody, Source, SourceParams, UpdateSourceBody } from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['sources'];
const notFound = (id: string) => () => new NotFound(`Source with id ${id} not found.`);

/** A team's connections to outside systems. */
export const sourcesRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/v1/teams/:team_id/sources',
    {
      preHandler: requireTeamRole(ctx, 'read'),
      schema: {
        tags,
        summary: "A team's sources.",
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Source)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows = await store.listSources(ctx.db, request.params.team_id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, presentSourceRow);
    },
  );

  app.post(
    '/api/v1/teams/:team_id/sources',
    {
      preHandler: requireTeamRole(ctx, 'administer'),
      schema: {
        tags,
        summary: 'Connect a source.',
        params: TeamParams,
        body: CreateSourceBody,
        response: { 200: Enveloped(Source) },
      },
    },
    async (request) =>
      envelope(
        request,
        presentSourceRow(await service.createSource(ctx, memberOf(request), request.params.team_id, request.body)),
      ),
  );

  app.get(
    '/api/v1/sources/:source_id',
    {
      schema: { tags, summary: 'One source.', params: SourceParams, response: { 200: Enveloped(Source) } },
    },
    async (request) => {
      const { source_id: id } = request.params;
      const source = await authorizeRecord(
        ctx,
        memberOf(request),
        await store.findSource(ctx.db, id),
        'read',
        notFound(id),
      );
      return envelope(request, presentSourceRow(source));
    },
  );

  app.patch(
    '/api/v1/sources/:source_id',
    {
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
        memberOf(request),
        await store.findSource(ctx.db, id),
        'administer',
        notFound(id),
      );
      return envelope(
        request,
        presentSourceRow(await service.updateSource(ctx, memberOf(request), source, request.body)),
      );
    },
  );

  app.delete(
    '/api/v1/sources/:source_id',
    {
      schema: { tags, summary: 'Delete a source with its data and integrations.', params: SourceParams },
    },
    async (request) => {
      const { source_id: id } = request.params;
      const source = await authorizeRecord(
        ctx,
        memberOf(request),
        await store.findSource(ctx.db, id),
        'administer',
        notFound(id),
      );
      await service.deleteSource(ctx, memberOf(request), source);
      return envelope(request, null);
    },
  );
};
