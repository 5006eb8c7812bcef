import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { resolveAccessToken } from '../auth/access.ts';
import type { Feature } from '../feature.ts';
import { bearerToken } from '../lib/bearer.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { errorHandler } from '../lib/error-handler.ts';
import { InvalidBearerToken, InvalidRequest, OAuthError } from '../lib/oauth-errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { grantOfToken, revokeGrant } from './store.ts';
import { clientAuthentication, exchange, noStore, TokenBody, tokenSteps } from './token-endpoint.ts';

const tags = ['oauth'];
const config = { errorFormat: 'oauth' as const };

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(
    Type.String({
      description: "A confidential client's stays the same on refresh; a public client's is new each time.",
    }),
  ),
  scope: Type.String(),
  user: Type.Optional(Type.Object({ id: Type.String() })),
  id_token: Type.Optional(Type.String()),
});

const EdlinkTokens = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  expires_in: Type.Integer(),
  token_type: Type.Literal('Bearer'),
  id_token: Type.Optional(Type.String()),
});

/**
 * Edlink's token endpoint answers in the `/api` envelope: an
 * OAuth error becomes `$errors: [{code: "INVALID_GRANT", …}]`.
 */
function edlinkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (!(error instanceof OAuthError)) return errorHandler(error, request, reply);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .status(error.status)
    .send({ $errors: [{ code: error.error.toUpperCase(), message: error.message }], $request: request.id });
}

/** The bearer token of a request: the Authorization header, or Canvas's `access_token` parameter. */
function presentedToken(request: FastifyRequest): string | undefined {
  return bearerToken(request) ?? (request.query as { access_token?: string }).access_token;
}

/** Token issue, refresh, revocation and sign-out. */
export const tokenRoutes: Feature = (app, ctx) => {
  app.post(
    '/login/oauth2/token',
    {
      config,
      preHandler: tokenSteps(ctx),
      schema: {
        tags,
        summary: 'Token endpoint: authorization_code (with PKCE), refresh_token, client_credentials.',
        body: TokenBody,
        response: { 200: TokenResponse },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return exchange(ctx, request, app.scopeCatalog);
    },
  );

  app.post(
    '/api/authentication/token',
    {
      errorHandler: edlinkErrorHandler,
      preHandler: tokenSteps(ctx),
      schema: {
        tags,
        summary: 'Edlink-style token endpoint: the same grants, JSON or form body, answered in the `$data` envelope.',
        body: TokenBody,
        response: { 200: Enveloped(EdlinkTokens) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { access_token, refresh_token, expires_in, token_type, id_token } = await exchange(
        ctx,
        request,
        app.scopeCatalog,
      );
      return envelope(request, { access_token, refresh_token, expires_in, token_type, id_token });
    },
  );

  app.delete(
    '/login/oauth2/token',
    {
      config,
      schema: {
        tags,
        summary: 'Sign out: revokes the access token presented (and its refresh tokens).',
        querystring: Type.Object({ access_token: Type.Optional(Type.String()) }),
      },
    },
    async (request) => {
      const token = presentedToken(request);
      if (!token) throw new InvalidRequest("can't delete OAuth access token when not using an OAuth access token");
      const access = await resolveAccessToken(ctx, token).catch(() => {
        throw new InvalidBearerToken();
      });
      await revokeGrant(ctx.db, access.grant.id);
      return {};
    },
  );

  app.post(
    '/login/oauth2/revoke',
    {
      config,
      preHandler: clientAuthentication(ctx),
      schema: {
        tags,
        summary: 'Token revocation (RFC 7009): an access or refresh token of this client; revokes the whole sign-in.',
        body: Type.Object(
          { token: Type.String({ maxLength: 4096 }), token_type_hint: Type.Optional(Type.String()) },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      noStore(reply);
      const owner = await grantOfToken(ctx.db, lookupHash(request.body.token));
      // Tokens of other clients and unknown tokens answer the same 200 (RFC 7009 §2.2), telling nothing.
      if (owner && owner.developer_key_id === request.client?.id) await revokeGrant(ctx.db, owner.grant_id);
      return {};
    },
  );
};
