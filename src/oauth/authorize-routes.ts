import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Feature } from '../feature.ts';
import { type Authorization, AuthorizeQuery, authorizeSteps, browserErrorHandler } from './authorize.ts';
import { renderLogin } from './continue.ts';
import { startInteraction } from './interactions.ts';
import type { AuthorizationRequest } from './tables.ts';

const tags = ['oauth'];

/**
 * The authorization endpoint, under Canvas's name and Edlink's (`/sso/login`, where
 * `response_type` may be left out as Edlink's SDK does). A valid request begins a sign-in and
 * answers the sign-in page.
 */
export const authorizeRoutes: Feature = (app, ctx) => {
  async function beginSignIn(request: FastifyRequest, reply: FastifyReply) {
    const { key, request: validated } = request.authorization as Authorization;
    const id = await startInteraction(ctx, reply, key.id, validated as AuthorizationRequest);
    return renderLogin(ctx, reply, key, { id, request: validated as AuthorizationRequest });
  }
  const config = { errorFormat: 'oauth' as const };
  const errorHandler = browserErrorHandler(ctx);

  const endpoints = [
    ['/login/oauth2/auth', false, 'OAuth 2.0 / OpenID Connect authorization endpoint: the sign-in and consent pages.'],
    ['/sso/login', true, 'Edlink-style sign-in: the authorization endpoint with `response_type=code` implied.'],
  ] as const;
  for (const [url, responseTypeOptional, summary] of endpoints) {
    app.get(
      url,
      {
        config,
        errorHandler,
        preHandler: authorizeSteps(ctx, app.scopeCatalog, { responseTypeOptional }),
        schema: { tags, summary, querystring: AuthorizeQuery },
      },
      beginSignIn,
    );
  }
};
