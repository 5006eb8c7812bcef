import { Type } from 'typebox';
import { requireTeamRole, roleIn } from '../auth/policies.ts';
import { actorOf, memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { presentApiKey } from './presenters.ts';
import * as schema from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['teams'];

/** Team API keys for automation: shown once, stored hashed, owners only. */
export const apiKeyRoutes: Feature = (app, ctx) => {
  const own = requireTeamRole(ctx, 'own');

  app.get(
    '/api/v1/teams/:team_id/api-keys',
    {
      preHandler: own,
      schema: {
        tags,
        summary: 'Team API keys (without the keys themselves).',
        params: schema.TeamParams,
        response: { 200: Enveloped(Type.Array(schema.ApiKey)) },
      },
    },
    async (request) => {
      const keys = await store.listApiKeys(ctx.db, request.params.team_id);
      return envelope(
        request,
        keys.map((key) => presentApiKey(key)),
      );
    },
  );

  app.post(
    '/api/v1/teams/:team_id/api-keys',
    {
      preHandler: own,
      schema: {
        tags,
        summary: 'Create a team API key; the key is shown once.',
        params: schema.TeamParams,
        body: schema.CreateApiKeyBody,
        response: { 200: Enveloped(schema.ApiKey) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const role = await roleIn(ctx, member, request.params.team_id);
      const { team_id: teamId } = request.params;
      const { key, token } = await service.createApiKey(
        ctx.db,
        actorOf(member),
        teamId,
        role ?? 'viewer',
        request.body,
      );
      return envelope(request, presentApiKey(key, token));
    },
  );

  app.delete(
    '/api/v1/teams/:team_id/api-keys/:key_id',
    {
      preHandler: own,
      schema: {
        tags,
        summary: 'Revoke a team API key.',
        params: Type.Object({ team_id: schema.Uuid, key_id: schema.Uuid }),
      },
    },
    async (request) => {
      const { team_id: teamId, key_id: keyId } = request.params;
      await service.revokeApiKey(ctx.db, actorOf(memberOf(request)), teamId, keyId);
      return envelope(request, null);
    },
  );
};
