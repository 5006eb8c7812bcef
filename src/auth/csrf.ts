import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { CrossSiteRequest, UnsupportedMediaType } from '../lib/errors.ts';
import type { Principal } from './principal.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the browser says of where the request comes from: true, false, or nothing said. */
function fromOwnPages(request: FastifyRequest, publicUrl: string): boolean | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === new URL(publicUrl).origin;
  const site = request.headers['sec-fetch-site'];
  return site === undefined ? undefined : site === 'same-origin';
}

/** A body must be one of the media types the route consumes: JSON unless it says otherwise. */
function checkMediaType(request: FastifyRequest): void {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type === undefined) return;
  const consumes = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? [
    'application/json',
  ];
  if (!consumes.includes(type)) throw new UnsupportedMediaType(`Send the body as ${consumes.join(' or ')}.`);
}

/**
 * A browser sends the session cookie with requests other sites make it send, so a change made
 * with the cookie must come from Gatehouse's own pages (a browser always says where a
 * cross-origin write comes from) and carry JSON, which another site's form cannot send. Bearer
 * credentials are never sent by a browser on its own, so they need neither.
 */
export function checkCookieWrite(ctx: AppContext, request: FastifyRequest, principal: Principal): void {
  if (principal.kind !== 'user' || principal.sessionId === null || SAFE_METHODS.has(request.method)) return;
  if (fromOwnPages(request, ctx.config.publicUrl) !== true) throw new CrossSiteRequest();
  checkMediaType(request);
}

/**
 * A step for sign-in by password: another site may not sign the visitor in as someone else
 * (login CSRF). A client that is not a browser says nothing of where it comes from.
 */
export function refuseCrossSite(ctx: AppContext) {
  return async function refuseCrossSite(request: FastifyRequest): Promise<void> {
    if (fromOwnPages(request, ctx.config.publicUrl) === false) throw new CrossSiteRequest();
    checkMediaType(request);
  };
}
