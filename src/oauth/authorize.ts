import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { keyEnabledIn } from '../auth/bindings.ts';
import { findClient } from '../auth/clients.ts';
import type { AppContext } from '../context.ts';
import { signInRedirectUris } from '../developer-keys/presenters.ts';
import { type KeyView, onInSomeTeam } from '../developer-keys/store.ts';
import { errorHandler } from '../lib/error-handler.ts';
import {
  InvalidRequest,
  LoginRequired,
  OAuthError,
  UnauthorizedClient,
  UnsupportedResponseType,
} from '../lib/oauth-errors.ts';
import { sendPage } from './pages/layout.ts';
import { messagePage } from './pages/sign-in.ts';
import { checkRequestedScopes, parseScope } from './requested-scopes.ts';
import type { AuthorizationRequest } from './tables.ts';

export const AuthorizeQuery = Type.Object(
  {
    client_id: Type.Optional(Type.Unknown()),
    redirect_uri: Type.Optional(Type.Unknown()),
    response_type: Type.Optional(Type.Unknown()),
    state: Type.Optional(Type.Unknown()),
    scope: Type.Optional(Type.Unknown()),
    nonce: Type.Optional(Type.Unknown()),
    code_challenge: Type.Optional(Type.Unknown()),
    code_challenge_method: Type.Optional(Type.Unknown()),
    prompt: Type.Optional(Type.Unknown()),
    team_id: Type.Optional(
      Type.Unknown({ description: 'Gatehouse: the team the sign-in is for, checked before anyone signs in.' }),
    ),
  },
  { additionalProperties: true },
);

/** What the steps have established so far; once `redirectUri` is set, errors go back to the client. */
export type Authorization = {
  key: KeyView;
  redirectUri?: string;
  state: string | null;
  request?: AuthorizationRequest;
};

declare module 'fastify' {
  interface FastifyRequest {
    authorization?: Authorization;
  }
}

/** A parameter's value; a repeated one counts by its last value, as in Canvas. */
function param(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' && last.length > 0 ? last : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The authorization endpoint as named steps, in the order Canvas checks them: the client,
 * then the redirect URI (until both hold, errors are answered here, never redirected), then
 * scopes, the key's binding, the response type, PKCE and prompt, each redirected to the client.
 */
export function authorizeSteps(
  ctx: AppContext,
  known: { has(scope: string): boolean },
  options: { responseTypeOptional: boolean },
) {
  return [
    async function loadClient(request: FastifyRequest) {
      request.authorization = {
        key: await findClient(ctx, param(request, 'client_id')),
        state: param(request, 'state') ?? null,
      };
    },
    async function checkRedirectUri(request: FastifyRequest) {
      const authorization = request.authorization as Authorization;
      const redirectUri = param(request, 'redirect_uri');
      // Exact string match only: no prefix, host or path leniency, so nothing can steer a code elsewhere.
      if (!redirectUri || !signInRedirectUris(authorization.key).includes(redirectUri)) {
        throw new InvalidRequest('redirect_uri does not match client settings');
      }
      authorization.redirectUri = redirectUri;
    },
    async function checkScope(request: FastifyRequest) {
      checkRequestedScopes(
        parseScope(param(request, 'scope') ?? param(request, 'scopes')),
        (request.authorization as Authorization).key,
        known,
      );
    },
    async function checkBinding(request: FastifyRequest) {
      const { key } = request.authorization as Authorization;
      const hint = param(request, 'team_id');
      const teamId = key.team_id ?? (hint && UUID.test(hint) ? hint.toLowerCase() : undefined);
      const enabled = teamId ? await keyEnabledIn(ctx.db, key, teamId) : await onInSomeTeam(ctx.db, key.id);
      if (!enabled) throw new UnauthorizedClient('Client does not have access to the specified team.');
    },
    async function checkResponseType(request: FastifyRequest) {
      const responseType = param(request, 'response_type');
      if (responseType !== 'code' && !(options.responseTypeOptional && responseType === undefined))
        throw new UnsupportedResponseType();
    },
    async function checkPkce(request: FastifyRequest) {
      const { key } = request.authorization as Authorization;
      const challenge = param(request, 'code_challenge');
      const method = param(request, 'code_challenge_method');
      if (challenge === undefined && key.client_type === 'public')
        throw new InvalidRequest(
          'PKCE is required for public clients: send code_challenge with code_challenge_method=S256',
        );
      if (challenge !== undefined && method !== 'S256') throw new InvalidRequest('code_challenge_method must be S256');
      if (challenge !== undefined && !CHALLENGE.test(challenge))
        throw new InvalidRequest('code_challenge must be 43 base64url characters');
    },
    async function checkPrompt(request: FastifyRequest) {
      // Gatehouse keeps no sign-in session of its own, so there is never one to reuse silently.
      if (param(request, 'prompt') === 'none') throw new LoginRequired();
      const authorization = request.authorization as Authorization;
      const hint = param(request, 'team_id');
      authorization.request = {
        redirect_uri: authorization.redirectUri as string,
        state: authorization.state,
        scopes: parseScope(param(request, 'scope') ?? param(request, 'scopes')),
        nonce: param(request, 'nonce') ?? null,
        code_challenge: param(request, 'code_challenge') ?? null,
        team_id: authorization.key.team_id ?? (hint && UUID.test(hint) ? hint.toLowerCase() : null),
      };
    },
  ];
}

/** The redirect URI with parameters added, after `?` or `&` as its own query needs. */
export function redirectWith(uri: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Errors of the browser-facing endpoints: after the redirect URI is known, an OAuth error goes
 * back to the client with `state` and `iss` (RFC 6749 §4.1.2.1, RFC 9207); before, it is
 * answered here, as a page to a browser and as JSON to anything else.
 */
export function browserErrorHandler(ctx: AppContext) {
  return function browserErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const authorization = request.authorization;
    if (error instanceof OAuthError && authorization?.redirectUri) {
      const params = {
        error: error.error,
        error_description: error.message,
        state: authorization.state,
        iss: ctx.config.publicUrl,
      };
      return reply.redirect(redirectWith(authorization.redirectUri, params), 302);
    }
    if (error instanceof OAuthError && request.headers.accept?.includes('text/html')) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return sendPage(reply, 'Sign-in failed', messagePage('Sign-in failed', error.message), error.status);
    }
    return errorHandler(error, request, reply);
  };
}
