import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { authenticateClient, readClientCredentials } from '../auth/clients.ts';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { UnsupportedGrantType } from '../lib/oauth-errors.ts';
import { authorizationCodeGrant } from './grants/authorization-code.ts';
import { clientCredentialsGrant } from './grants/client-credentials.ts';
import { refreshTokenGrant } from './grants/refresh-token.ts';
import type { TokenResponse } from './tokens.ts';

const Text = Type.String({ maxLength: 4096 });

/** The token request as a form (RFC 6749) or as JSON (Edlink); unknown parameters are ignored. */
export const TokenBody = Type.Object(
  {
    grant_type: Type.Optional(Text),
    client_id: Type.Optional(Text),
    client_secret: Type.Optional(Text),
    code: Type.Optional(Text),
    redirect_uri: Type.Optional(Text),
    code_verifier: Type.Optional(Text),
    refresh_token: Type.Optional(Text),
    scope: Type.Optional(Text),
  },
  { additionalProperties: true },
);
export type TokenBody = Static<typeof TokenBody>;

type Grant = (
  ctx: AppContext,
  key: KeyView,
  body: TokenBody,
  known: { has(scope: string): boolean },
) => Promise<TokenResponse>;

/** One handler per grant type, as oidc-provider keeps them. */
const GRANTS: Readonly<Record<string, Grant>> = {
  authorization_code: (ctx, key, body) => authorizationCodeGrant(ctx, key, body),
  refresh_token: (ctx, key, body) => refreshTokenGrant(ctx, key, body),
  client_credentials: clientCredentialsGrant,
};

declare module 'fastify' {
  interface FastifyRequest {
    client?: KeyView;
    grant?: Grant;
  }
}

/**
 * The token endpoint as named steps, as Canvas runs them: authenticate the client (its
 * key active, its secret right), then pick the grant; the handler runs it. Without
 * `grant_type`, a request carrying a `code` is an authorization-code request, as in Canvas.
 */
export function tokenSteps(ctx: AppContext) {
  return [
    clientAuthentication(ctx),
    async function supportedGrantType(request: FastifyRequest) {
      const body = (request.body ?? {}) as TokenBody;
      const type = body.grant_type ?? (body.code ? 'authorization_code' : undefined);
      if (!type || !Object.hasOwn(GRANTS, type)) throw new UnsupportedGrantType();
      request.grant = GRANTS[type];
    },
  ];
}

/** The first step of the token and revocation endpoints: the client, authenticated. */
export function clientAuthentication(ctx: AppContext) {
  return async function clientAuthentication(request: FastifyRequest) {
    request.client = await authenticateClient(ctx, readClientCredentials(request, (request.body ?? {}) as TokenBody));
  };
}

/** Runs the grant the steps chose. */
export function exchange(
  ctx: AppContext,
  request: FastifyRequest,
  known: { has(scope: string): boolean },
): Promise<TokenResponse> {
  return (request.grant as Grant)(ctx, request.client as KeyView, (request.body ?? {}) as TokenBody, known);
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
}
