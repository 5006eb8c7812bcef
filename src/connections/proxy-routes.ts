import { Type } from 'typebox';
import { connectionTarget } from '../auth/platform.ts';
import { memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { forward } from './proxy.ts';
import { providerNamed } from './resolve.ts';
import { audit, teamConnection, teamOf } from './service.ts';

/**
 * Calls to a provider's API through Gatehouse with the team's fresh token. The scope travels in a
 * header, since the query string belongs to the provider's API.
 */
export const connectionProxyRoutes: Feature = (app, ctx) => {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/v1/connections/:provider/proxy/*',
    schema: {
      tags: ['connections'],
      summary: "Forward a request to the provider's declared API with the team's fresh token.",
      params: Type.Object({ provider: Type.String({ minLength: 1, maxLength: 64 }), '*': Type.String() }),
      headers: Type.Object({
        'gatehouse-scope': Type.Optional(
          Type.String({ maxLength: 64, description: "Omitted: the caller's team; a team id: that team." }),
        ),
      }),
    },
    handler: async (request, reply) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.provider);
      const scope = await connectionTarget(ctx, member, request.headers['gatehouse-scope'], 'administer');
      const teamId = teamOf(scope, 'API to call');
      const connection = await teamConnection(ctx, provider, teamId);
      const url = new URL(request.url, ctx.config.publicUrl);
      const answer = await forward(ctx, connection, {
        method: request.method,
        path: request.params['*'],
        search: url.search,
        headers: request.headers,
        body: request.body,
      });
      // The token was used for the caller: the call is in the team's audit log like a read of it.
      await audit(
        ctx.db,
        member,
        scope,
        'connection.proxied',
        { type: 'provider', id: provider.id },
        {
          method: request.method,
          host: answer.host,
          status: answer.status,
        },
      );
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    },
  });
};
