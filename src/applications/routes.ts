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
import { presentApplication } from './presenters.ts';
import { Application, ApplicationParams, CreateApplicationBody, UpdateApplicationBody } from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['applications'];
const notFound = (id: string) => () => new NotFound(`Application with id ${id} not found.`);

/** A developer team's applications. */
export const applicationsRoutes: Feature = (app, ctx) => {
  const find = (id: string) => store.findApplication(ctx.db, id);

  app.get(
    '/api/v1/teams/:team_id/applications',
    {
      preHandler: requireTeamRole(ctx, 'read'),
      schema: {
        tags,
        summary: "A team's applications.",
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Application)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows = await store.listApplications(ctx.db, request.params.team_id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => presentApplication(row));
    },
  );

  app.post(
    '/api/v1/teams/:team_id/applications',
    {
      preHandler: requireTeamRole(ctx, 'develop'),
      schema: {
        tags,
        summary: 'Register an application; its secret is shown once.',
        params: TeamParams,
        body: CreateApplicationBody,
        response: { 200: Enveloped(Application) },
      },
    },
    async (request) => {
      const created = await service.createApplication(ctx.db, memberOf(request), request.params.team_id, request.body);
      return envelope(request, presentApplication(created.application, created.secret));
    },
  );

  app.get(
    '/api/v1/applications/:application_id',
    {
      schema: {
        tags,
        summary: 'One application.',
        params: ApplicationParams,
        response: { 200: Enveloped(Application) },
      },
    },
    async (request) => {
      const id = request.params.application_id;
      return envelope(
        request,
        presentApplication(await authorizeRecord(ctx, memberOf(request), await find(id), 'read', notFound(id))),
      );
    },
  );

  app.patch(
    '/api/v1/applications/:application_id',
    {
      schema: {
        tags,
        summary: 'Change an application.',
        params: ApplicationParams,
        body: UpdateApplicationBody,
        response: { 200: Enveloped(Application) },
      },
    },
    async (request) => {
      const id = request.params.application_id;
      const application = await authorizeRecord(ctx, memberOf(request), await find(id), 'develop', notFound(id));
      const updated = await service.updateApplication(ctx, memberOf(request), application, request.body);
      return envelope(request, presentApplication(updated));
    },
  );

  app.post(
    '/api/v1/applications/:application_id/secret',
    {
      schema: {
        tags,
        summary: 'Replace the application secret; the new one is shown once.',
        params: ApplicationParams,
        response: { 200: Enveloped(Application) },
      },
    },
    async (request) => {
      const id = request.params.application_id;
      const application = await authorizeRecord(ctx, memberOf(request), await find(id), 'develop', notFound(id));
      const rotated = await service.rotateSecret(ctx.db, memberOf(request), application);
      return envelope(request, presentApplication(rotated.application, rotated.secret));
    },
  );

  app.delete(
    '/api/v1/applications/:application_id',
    {
      schema: { tags, summary: 'Delete an application and every integration with it.', params: ApplicationParams },
    },
    async (request) => {
      const id = request.params.application_id;
      const application = await authorizeRecord(ctx, memberOf(request), await find(id), 'develop', notFound(id));
      await service.deleteApplication(ctx.db, memberOf(request), application);
      return envelope(request, null);
    },
  );
};
