import { Type } from 'typebox';
import { authorizeIntegration, requireTeamRole } from '../auth/policies.ts';
import { actorOf, MEMBERS, memberOf, principalOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { TeamParams } from '../teams/schema.ts';
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
  const applicationOrMember = { principal: ['application', ...MEMBERS] as const };
  const find = async (id: string) => store.findIntegration(ctx.db, id);

  app.get(
    '/api/v1/teams/:team_id/integrations',
    {
      preHandler: requireTeamRole(ctx, 'read'),
      schema: {
        tags,
        summary: 'Integrations a team granted.',
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Integration)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows = await store.listTeamIntegrations(ctx.db, request.params.team_id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => presentIntegration(row));
    },
  );

  app.post(
    '/api/v1/teams/:team_id/integrations',
    {
      preHandler: requireTeamRole(ctx, 'administer'),
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
        presentIntegration(
          await service.createIntegration(ctx, actorOf(memberOf(request)), request.params.team_id, request.body),
        ),
      ),
  );

  app.get(
    '/api/v1/integrations',
    {
      config: { principal: ['application'] },
      schema: {
        tags,
        summary: "The calling application's integrations, with their access tokens (application secret).",
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Integration)) },
      },
    },
    async (request) => {
      const application = principalOf(request, 'application');
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows = await store.listApplicationIntegrations(ctx.db, application.id, paging);
      const tokens = new Map(
        await Promise.all(rows.map(async (row) => [row.id, await service.openAccessToken(ctx, row)] as const)),
      );
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) =>
        presentIntegration(row, tokens.get(row.id)),
      );
    },
  );

  app.get(
    '/api/v1/integrations/:integration_id',
    {
      config: applicationOrMember,
      schema: {
        tags,
        summary:
          'One integration: with its access token for the application (application secret), ' +
          'without it for the granting team.',
        params: IntegrationParams,
        response: { 200: Enveloped(Integration) },
      },
    },
    async (request) => {
      const principal = principalOf(request, 'application', ...MEMBERS);
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, principal, await find(id), 'read', id);
      const token = principal.kind === 'application' ? await service.openAccessToken(ctx, row) : undefined;
      return envelope(request, presentIntegration(row, token));
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
      const member = memberOf(request);
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, member, await find(id), 'administer', id);
      return envelope(
        request,
        presentIntegration(await service.updateIntegration(ctx, actorOf(member), row, request.body)),
      );
    },
  );

  app.delete(
    '/api/v1/integrations/:integration_id',
    { schema: { tags, summary: 'End an integration; its access token dies with it.', params: IntegrationParams } },
    async (request) => {
      const member = memberOf(request);
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, member, await find(id), 'administer', id);
      await service.deleteIntegration(ctx, actorOf(member), row);
      return envelope(request, null);
    },
  );

  app.post(
    '/api/v1/integrations/:integration_id/token',
    {
      config: applicationOrMember,
      schema: {
        tags,
        summary:
          'Replace the access token, by the application or the granting team; ' +
          'the old one works for `grace_seconds` more.',
        params: IntegrationParams,
        body: RotateTokenBody,
        response: { 200: Enveloped(Integration) },
      },
      preValidation: async function emptyBodyIsDefault(request) {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request) => {
      const principal = principalOf(request, 'application', ...MEMBERS);
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, principal, await find(id), 'administer', id);
      const rotated = await service.rotateToken(ctx, actorOf(principal), row, request.body.grace_seconds ?? 0);
      // The new token goes only to the application; the granting team sees that it changed.
      return envelope(
        request,
        presentIntegration(rotated.row, principal.kind === 'application' ? rotated.token : undefined),
      );
    },
  );
};
