import type { FastifyRequest } from 'fastify';
import { InsufficientScope } from '../lib/errors.ts';
import { withoutCursorParams } from '../lib/paging.ts';
import { isScoped, scopeFor } from '../scopes/catalog.ts';
import type { Principal } from './principal.ts';

/** Query parameters that pull in related records: Gatehouse's `$expand`, and Canvas's names for the same. */
const INCLUDE_PARAMETERS = ['$expand', 'include', 'include[]', 'includes', 'includes[]'];

/**
 * When the principal holds an OAuth token whose key requires scopes, the route's scope must be
 * among the token's (matched by route, not by path shape, so `:id` never stands for a literal
 * sibling route). Without `allow_includes`, include parameters are dropped, so a scope never
 * yields more records than its endpoint returns on its own.
 */
export function checkEndpointScope(request: FastifyRequest, principal: Principal, cursorKey: Buffer): void {
  const access = 'access' in principal ? principal.access : null;
  const route = request.routeOptions.url;
  if (!access?.key.require_scopes || !route || !isScoped(route)) return;
  const needed = scopeFor(request.method, route);
  if (!access.grant.access_scopes.includes(needed)) throw new InsufficientScope(needed);
  if (!access.key.allow_includes) stripIncludes(request.query as Record<string, unknown>, cursorKey);
}

/** Drops include parameters, also from inside a `$cursor`, which carries the first request's parameters. */
function stripIncludes(query: Record<string, unknown>, cursorKey: Buffer): void {
  for (const name of INCLUDE_PARAMETERS) delete query[name];
  if (typeof query.$cursor === 'string')
    query.$cursor = withoutCursorParams(query.$cursor, INCLUDE_PARAMETERS, cursorKey);
}
