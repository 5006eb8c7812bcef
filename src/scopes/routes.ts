import { Type } from 'typebox';
import type { Feature } from '../app.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { StringEnum } from '../lib/schema.ts';
import { authenticate, requireTeamRole } from '../teams/auth.ts';
import { TeamParams } from '../teams/schema.ts';
import { type Scope, ScopeCatalog } from './catalog.ts';
import { enforceScopes } from './enforce.ts';

const ScopeSchema = Type.Object({
  scope: Type.String({ description: '`url:<VERB>|<path>`; path parameters are written `:id`.' }),
  verb: Type.String(),
  path: Type.String(),
  resource: Type.String(),
  resource_name: Type.String(),
  summary: Type.Union([Type.String(), Type.Null()]),
});

/**
 * Endpoint scopes. Registered before every other feature, so the catalog sees each route as it
 * is added; the same hook chain enforces them on each request made with an OAuth token.
 */
export const scopesRoutes: Feature = (app, ctx) => {
  const catalog = new ScopeCatalog();
  app.decorate('scopeCatalog', catalog);
  app.addHook('onRoute', (route) => catalog.add(route));
  app.addHook('onRequest', enforceScopes(ctx));

  app.get(
    '/api/v1/teams/:team_id/scopes',
    {
      preHandler: [authenticate(ctx), requireTeamRole(ctx, 'read')],
      schema: {
        tags: ['developer-keys'],
        summary: 'Every endpoint scope a developer key may hold; flat, or grouped by `resource_name`.',
        params: TeamParams,
        querystring: Type.Object(
          { group_by: Type.Optional(StringEnum(['resource_name'])) },
          { additionalProperties: true },
        ),
        response: {
          200: Enveloped(Type.Union([Type.Array(ScopeSchema), Type.Record(Type.String(), Type.Array(ScopeSchema))])),
        },
      },
    },
    async (request) => {
      const scopes = catalog.list();
      if (request.query.group_by !== 'resource_name') return envelope(request, scopes);
      return envelope(request, Object.groupBy(scopes, (scope) => scope.resource_name) as Record<string, Scope[]>);
    },
  );
};
