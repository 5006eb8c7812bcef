import { Type } from 'typebox';
import { requireTeamRole } from '../auth/policies.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { StringEnum } from '../lib/schema.ts';
import { TeamParams } from '../teams/schema.ts';
import { type Scope, ScopeCatalog } from './catalog.ts';

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
 * is added; each route's authentication steps enforce them on requests made with an OAuth token.
 */
export const scopesRoutes: Feature = (app, ctx) => {
  const catalog = new ScopeCatalog();
  app.decorate('scopeCatalog', catalog);
  app.addHook('onRoute', (route) => catalog.add(route));

  app.get(
    '/api/v1/teams/:team_id/scopes',
    {
      preHandler: requireTeamRole(ctx, 'read'),
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
