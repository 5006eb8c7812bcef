import { Type } from 'typebox';
import { authorizeRecord, requireTeamRole } from '../auth/policies.ts';
import { actorOf, memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { TeamParams } from '../teams/schema.ts';
import { presentEntity } from './presenters.ts';
import { CreateEntityBody, Entity, EntityParams, UpdateEntityBody } from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['entities'];
const notFound = (id: string) => () => new NotFound(`Entity with id ${id} not found.`);

/** The real-world institutions a team's sources belong to. */
export const entitiesRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/v1/teams/:team_id/entities',
    {
      preHandler: requireTeamRole(ctx, 'read'),
      schema: {
        tags,
        summary: "A team's entities.",
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Entity)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows = await store.listEntities(ctx.db, request.params.team_id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, presentEntity);
    },
  );

  app.post(
    '/api/v1/teams/:team_id/entities',
    {
      preHandler: requireTeamRole(ctx, 'administer'),
      schema: {
        tags,
        summary: 'Create an entity.',
        params: TeamParams,
        body: CreateEntityBody,
        response: { 200: Enveloped(Entity) },
      },
    },
    async (request) => {
      const actor = actorOf(memberOf(request));
      const entity = await service.createEntity(ctx.db, actor, request.params.team_id, request.body);
      return envelope(request, presentEntity(entity));
    },
  );

  app.get(
    '/api/v1/entities/:entity_id',
    {
      schema: { tags, summary: 'One entity.', params: EntityParams, response: { 200: Enveloped(Entity) } },
    },
    async (request) => {
      const { entity_id: id } = request.params;
      const entity = await authorizeRecord(
        ctx,
        memberOf(request),
        await store.findEntity(ctx.db, id),
        'read',
        notFound(id),
      );
      return envelope(request, presentEntity(entity));
    },
  );

  app.patch(
    '/api/v1/entities/:entity_id',
    {
      schema: {
        tags,
        summary: 'Change an entity.',
        params: EntityParams,
        body: UpdateEntityBody,
        response: { 200: Enveloped(Entity) },
      },
    },
    async (request) => {
      const { entity_id: id } = request.params;
      const member = memberOf(request);
      const before = await authorizeRecord(ctx, member, await store.findEntity(ctx.db, id), 'administer', notFound(id));
      return envelope(
        request,
        presentEntity(await service.updateEntity(ctx.db, actorOf(member), before, request.body)),
      );
    },
  );

  app.delete(
    '/api/v1/entities/:entity_id',
    {
      schema: { tags, summary: 'Delete an entity; its sources keep running without one.', params: EntityParams },
    },
    async (request) => {
      const { entity_id: id } = request.params;
      const member = memberOf(request);
      const before = await authorizeRecord(ctx, member, await store.findEntity(ctx.db, id), 'administer', notFound(id));
      await service.deleteEntity(ctx.db, actorOf(member), before);
      return envelope(request, null);
    },
  );
};
