import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, type JWK, errors as joseErrors, jwtVerify } from 'jose';
import { Type } from 'typebox';
import { resolveAccessToken } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import { signInRedirectUris } from '../developer-keys/presenters.ts';
import { findKey } from '../developer-keys/store.ts';
import type { Feature } from '../feature.ts';
import { bearerToken } from '../lib/bearer.ts';
import { InsufficientOAuthScope, InvalidBearerToken, InvalidRequest } from '../lib/oauth-errors.ts';
import { browserErrorHandler, redirectWith } from './authorize.ts';
import { identityClaims } from './claims.ts';
import { sendPage } from './pages/layout.ts';
import { messagePage } from './pages/sign-in.ts';
import { publicKeys } from './signing-keys.ts';
import { revokeGrant } from './store.ts';

const tags = ['oauth'];
const config = { errorFormat: 'oauth' as const };

/** OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, RFC 8414). */
function metadata(ctx: AppContext) {
  const base = ctx.config.publicUrl;
  const auth = ['client_secret_basic', 'client_secret_post', 'none'];
  return {
    issuer: base,
    authorization_endpoint: `${base}/login/oauth2/auth`,
    token_endpoint: `${base}/login/oauth2/token`,
    userinfo_endpoint: `${base}/login/oauth2/userinfo`,
    jwks_uri: `${base}/login/oauth2/jwks`,
    revocation_endpoint: `${base}/login/oauth2/revoke`,
    end_session_endpoint: `${base}/login/oauth2/logout`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: auth,
    revocation_endpoint_auth_methods_supported: auth,
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'sid',
      'name',
      'given_name',
      'family_name',
      'middle_name',
      'picture',
      'locale',
      'zoneinfo',
      'email',
    ],
    authorization_response_iss_parameter_supported: true,
  };
}

/** The access token of a userinfo request, which must have been granted `openid` (OpenID Connect Core §5.3). */
async function userinfoGrant(ctx: AppContext, request: FastifyRequest) {
  const token = bearerToken(request) ?? (request.body as { access_token?: string } | undefined)?.access_token;
  if (!token) throw new InvalidBearerToken('An access token is required.');
  const { grant } = await resolveAccessToken(ctx, token).catch(() => {
    throw new InvalidBearerToken();
  });
  if (!grant.access_scopes.includes('openid')) throw new InsufficientOAuthScope('openid');
  return grant;
}

const LogoutQuery = Type.Object(
  {
    id_token_hint: Type.Optional(Type.String()),
    post_logout_redirect_uri: Type.Optional(Type.String()),
    state: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** Discovery, keys, userinfo and RP-initiated logout. */
export const discoveryRoutes: Feature = (app, ctx) => {
  app.get(
    '/.well-known/openid-configuration',
    { schema: { tags, summary: 'OpenID Connect discovery document.' } },
    async () => metadata(ctx),
  );

  app.get(
    '/login/oauth2/jwks',
    { schema: { tags, summary: 'The public keys id_tokens are signed with.' } },
    async () => ({ keys: await publicKeys(ctx) }),
  );

  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/login/oauth2/userinfo',
      config,
      schema: { tags, summary: 'Claims about the signed-in user or person, as the token’s scopes allow.' },
      handler: async (request) => {
        const grant = await userinfoGrant(ctx, request);
        return identityClaims(ctx, grant, grant.access_scopes);
      },
    });
  }

  app.get(
    '/login/oauth2/logout',
    {
      config,
      errorHandler: browserErrorHandler(ctx),
      schema: {
        tags,
        summary: 'Sign out (RP-initiated logout): ends the sign-in the id_token names.',
        querystring: LogoutQuery,
      },
    },
    async (request, reply) => {
      const hint = request.query.id_token_hint;
      if (!hint) throw new InvalidRequest('id_token_hint is required');
      const keys = createLocalJWKSet({ keys: (await publicKeys(ctx)) as JWK[] });
      // An expired id_token still says which sign-in to end.
      const { payload } = await jwtVerify(hint, keys, { issuer: ctx.config.publicUrl, currentDate: new Date(0) }).catch(
        (error: unknown) => {
          if (error instanceof joseErrors.JOSEError)
            throw new InvalidRequest('id_token_hint is not an id_token issued here');
          throw error;
        },
      );
      if (typeof payload.sid === 'string') await revokeGrant(ctx.db, payload.sid);
      const client = typeof payload.aud === 'string' ? await findKey(ctx.db, payload.aud) : undefined;
      const target = request.query.post_logout_redirect_uri;
      if (target && client && signInRedirectUris(client).includes(target))
        return reply.redirect(redirectWith(target, { state: request.query.state }), 302);
      return sendPage(reply, 'Signed out', messagePage('Signed out', 'You have signed out of the application.'));
    },
  );
};
