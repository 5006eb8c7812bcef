import { Type } from 'typebox';
import type { Feature } from '../app.ts';
import { applicationOf } from '../applications/auth.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { InvalidToken } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { actorOf, authenticate, requireTeamRole } from '../teams/auth.ts';
import { TeamParams } from '../teams/schema.ts';
import { integrationAccess, openAccessToken } from './access.ts';
import { presentIntegration } from './presenters.ts';
import {
  CreateIntegrationBody,
  Integration,
  IntegrationParams,
  RotateTokenBody,
  UpdateIntegrationBody,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['integrations'];

/** Organization administrators grant, change and end integrations; applications read their own. */
export const integrationsRoutes: Feature = (app, ctx) => {
  const auth = authenticate(ctx);

  app.get(
    '/api/v1/teams/:team_id/integrations',
    {
      preHandler: [auth, requireTeamRole(ctx, 'read')],
      schema: {
        tags,
        summary: 'Integrations a team granted.',
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Integration)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query);
      const rows = await store.listTeamIntegrations(ctx.db, request.params.team_id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => presentIntegration(row));
    },
  );

  app.post(
    '/api/v1/teams/:team_id/integrations',
    {
      preHandler: [auth, requireTeamRole(ctx, 'administer')],
      schema: {
        tags,
        summary: "Grant an application access to one of the team's sources.",
        params: TeamParams,
        body: CreateIntegrationBody,
        response: { 200: Enveloped(Integration) },
      },
    },
    async (request) =>
      envelope(
        request,
        await service.createIntegration(ctx, actorOf(request.caller!), request.params.team_id, request.body),
      ),
  );

  app.get(
    '/api/v1/integrations',
    {
      schema: {
        tags,
        summary: "The calling application's integrations, with their access tokens (application secret).",
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Integration)) },
      },
    },
    async (request) => {
      const application = await applicationOf(ctx, request);
      if (!application) throw new InvalidToken('Send the application secret as `Authorization: Bearer <secret>`.');
      const paging = parsePaging(request.query);
      const rows = await store.listApplicationIntegrations(ctx.db, application.id, paging);
      const tokens = new Map(
        await Promise.all(rows.map(async (row) => [row.id, await openAccessToken(ctx, row)] as const)),
      );
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) =>
        presentIntegration(row, tokens.get(row.id)),
      );
    },
  );

  app.get(
    '/api/v1/integrations/:integration_id',
    {
      schema: {
        tags,
        summary:
          'One integration: with its access token for the application (application secret), without it for the granting team.',
        params: IntegrationParams,
        response: { 200: Enveloped(Integration) },
      },
    },
    async (request) => {
      const access = await integrationAccess(ctx, request, request.params.integration_id, 'read', {
        application: true,
      });
      const token = access.via === 'application' ? await openAccessToken(ctx, access.row) : undefined;
      return envelope(request, presentIntegration(access.row, token));
    },
  );

  app.patch(
    '/api/v1/integrations/:integration_id',
    {
      schema: {
        tags,
        summary: 'Change permissions, scope, targets, dates or status; the access token stays.',
        params: IntegrationParams,
        body: UpdateIntegrationBody,
        response: { 200: Enveloped(Integration) },
      },
    },
    async (request) => {
      const { row } = await integrationAccess(ctx, request, request.params.integration_id, 'administer', {
        application: false,
      });
      return envelope(request, await service.updateIntegration(ctx, actorOf(request.caller!), row, request.body));
    },
  );

  app.delete(
    '/api/v1/integrations/:integration_id',
    { schema: { tags, summary: 'End an integration; its access token dies with it.', params: IntegrationParams } },
    async (request) => {
      const { row } = await integrationAccess(ctx, request, request.params.integration_id, 'administer', {
        application: false,
      });
      await service.deleteIntegration(ctx, actorOf(request.caller!), row);
      return envelope(request, null);
    },
  );

  app.post(
    '/api/v1/integrations/:integration_id/token',
    {
      schema: {
        tags,
        summary:
          'Replace the access token, by the application or the granting team; the old one works for `grace_seconds` more.',
        params: IntegrationParams,
        body: RotateTokenBody,
        response: { 200: Enveloped(Integration) },
      },
      preValidation: async function emptyBodyIsDefault(request) {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request) => {
      const access = await integrationAccess(ctx, request, request.params.integration_id, 'administer', {
        application: true,
      });
      const grace = request.body.grace_seconds ?? 0;
      const actor =
        access.via === 'application'
          ? { type: 'application', id: access.row.application_id }
          : actorOf(request.caller!);
      const rotated = await service.rotateToken(ctx, actor, access.row, grace);
      return envelope(request, access.via === 'application' ? rotated : { ...rotated, access_token: undefined });
    },
  );
};
