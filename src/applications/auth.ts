import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { bearerToken } from '../lib/bearer.ts';
import { lookupHash } from '../lib/tokens.ts';
import { APPLICATION_SECRET_PREFIX } from './service.ts';
import { findApplicationBySecretHash } from './store.ts';

/** Whether the request presents an application secret (valid or not) rather than a user's credentials. */
export function presentsApplicationSecret(request: FastifyRequest): boolean {
  return bearerToken(request)?.startsWith(`${APPLICATION_SECRET_PREFIX}_`) ?? false;
}

/** The application whose secret the request presents. */
export async function applicationOf(ctx: AppContext, request: FastifyRequest) {
  const token = bearerToken(request);
  if (!token || !presentsApplicationSecret(request)) return undefined;
  return findApplicationBySecretHash(ctx.db, lookupHash(token));
}
