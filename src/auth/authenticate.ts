import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AppContext } from '../context.ts';
import { bearerToken } from '../lib/bearer.ts';
import { ApiError, InvalidToken, Unauthenticated } from '../lib/errors.ts';
import { challenge } from './access.ts';
import { checkCookieWrite } from './csrf.ts';
import { CREDENTIALS, type CredentialKind, SESSION_COOKIE } from './kinds.ts';
import { MEMBERS, type Principal, type PrincipalKind } from './principal.ts';
import { checkEndpointScope } from './scopes.ts';
import { isTokenOf } from './tokens.ts';

/** Whom a route answers: some kinds of principal, or anyone (it checks nothing, or checks its own way). */
export type Accepts = readonly PrincipalKind[] | 'anyone';

/** What a refused caller is told: each surface in its own words. */
function refusal(accepts: readonly PrincipalKind[]): ApiError {
  if (accepts.some((kind) => (MEMBERS as readonly string[]).includes(kind))) return new Unauthenticated();
  if (accepts.includes('application'))
    return new InvalidToken('Send the application secret as `Authorization: Bearer <secret>`.');
  return new InvalidToken();
}

/** The credential the request carries: a bearer token, or else the session cookie. */
function presented(request: FastifyRequest): { kind: CredentialKind | undefined; token: string } | undefined {
  const bearer = bearerToken(request);
  const token = bearer ?? request.cookies?.[SESSION_COOKIE];
  if (!token) return undefined;
  const carrier = bearer === undefined ? 'cookie' : 'bearer';
  return { kind: CREDENTIALS.find((kind) => kind.carrier === carrier && isTokenOf(kind.token, token)), token };
}

/** Who is calling, if it is one of `accepts`; anything else is refused before the route reads anything. */
async function identify(ctx: AppContext, request: FastifyRequest, accepts: readonly PrincipalKind[]) {
  const credential = presented(request);
  const kind = credential?.kind;
  if (!credential || !kind?.yields.some((yielded) => accepts.includes(yielded))) throw refusal(accepts);
  const principal = await kind.resolve(ctx, credential.token, accepts, new Date());
  if (!principal || !accepts.includes(principal.kind)) throw refusal(accepts);
  return principal;
}

const STEPS = new WeakSet<object>();

/**
 * The first steps of a route: identify the principal, then check what its credential itself
 * limits (an OAuth token's endpoint scopes; a session cookie's same-origin writes).
 */
export function authenticate(ctx: AppContext, accepts: readonly PrincipalKind[]) {
  const steps = [
    async function identifyPrincipal(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      try {
        request.principal = await identify(ctx, request, accepts);
      } catch (error) {
        // OAuth clients learn from the challenge that the token is the problem.
        const oauth = isTokenOf('accessToken', bearerToken(request)) || accepts.includes('person');
        if (oauth && error instanceof ApiError && error.status === 401) challenge(reply);
        throw error;
      }
    },
    async function checkCredentialLimits(request: FastifyRequest): Promise<void> {
      const principal = request.principal as Principal;
      checkEndpointScope(request, principal, ctx.cursorKey);
      checkCookieWrite(ctx, request, principal);
    },
  ];
  for (const step of steps) STEPS.add(step);
  return steps;
}

/**
 * Who may call each surface, by path prefix. A route whose callers differ from its surface's
 * says so in `config.principal`; paths outside these surfaces (operations, documentation, the
 * OAuth endpoints, which authenticate their client in their own steps) answer anyone.
 */
const SURFACES: ReadonlyArray<readonly [prefix: string, accepts: readonly PrincipalKind[]]> = [
  ['/api/v2/graph/', ['integration']],
  ['/api/v2/my/', ['person']],
  ['/api/v1/', MEMBERS],
];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route, when not its surface's callers. */
    principal?: Accepts;
  }
}

export function acceptedBy(route: Pick<RouteOptions, 'url' | 'config'>): Accepts {
  const declared = (route.config as { principal?: Accepts } | undefined)?.principal;
  return declared ?? SURFACES.find(([prefix]) => route.url.startsWith(prefix))?.[1] ?? 'anyone';
}

/** onRoute: puts the authentication steps first on every route that does not answer anyone. */
export function withAuthentication(ctx: AppContext) {
  return function withAuthentication(route: RouteOptions): void {
    const accepts = acceptedBy(route);
    const existing = [route.onRequest ?? []].flat();
    if (accepts === 'anyone' || existing.some((step) => STEPS.has(step))) return;
    route.onRequest = [...authenticate(ctx, accepts), ...existing] as RouteOptions['onRequest'];
    route.schema = { ...route.schema, security: securityOf(accepts) } as RouteOptions['schema'];
  };
}

/** The route's credentials in the API document. */
function securityOf(accepts: readonly PrincipalKind[]): Array<Record<string, string[]>> {
  return accepts.includes('user') ? [{ session: [] }, { bearer: [] }] : [{ bearer: [] }];
}
