import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { UnsupportedGrantType } from '../lib/oauth-errors.ts';
import { authenticateClient, readClientCredentials } from './clients.ts';
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

declare module 'fastify' {
  interface FastifyRequest {
    client?: KeyView;
  }
}

/**
 * The token endpoint as named steps (reference canvas §4.2–4.3): authenticate the client (its
 * key active, its secret right), then run the grant. Without `grant_type`, a request carrying a
 * `code` is an authorization-code request, as in Canvas.
 */
export function tokenSteps(ctx: AppContext) {
  return [
    async function authenticate(request: FastifyRequest) {
      const body = (request.body ?? {}) as TokenBody;
      request.client = await authenticateClient(ctx, readClientCredentials(request, body));
    },
  ];
}

export async function exchange(ctx: AppContext, request: FastifyRequest, known: { has(scope: string): boolean }): Promise<TokenResponse> {
  const body = (request.body ?? {}) as TokenBody;
  const key = request.client as KeyView;
  const grantType = body.grant_type ?? (body.code ? 'authorization_code' : undefined);
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(ctx, key, body);
    case 'refresh_token':
      return refreshTokenGrant(ctx, key, body);
    case 'client_credentials':
      return clientCredentialsGrant(ctx, key, body, known);
    default:
      throw new UnsupportedGrantType();
  }
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
}
