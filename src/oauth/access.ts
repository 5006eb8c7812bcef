import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { keyEnabledIn } from '../developer-keys/service.ts';
import { findKey, type KeyView } from '../developer-keys/store.ts';
import { bearerToken } from '../lib/bearer.ts';
import { ExpiredToken, InvalidToken } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { findGrantByAccessHash, type GrantRow } from './store.ts';

export const ACCESS_TOKEN_PREFIX = 'gh_at';

/** A live OAuth access token: its grant (who, which team, which scopes) and the key it was issued to. */
export type AccessGrant = { grant: GrantRow; key: KeyView };

declare module 'fastify' {
  interface FastifyRequest {
    oauth?: AccessGrant;
  }
}

/**
 * The grant behind an access token, checked as reference canvas §5 does on every use: the token
 * is current (not revoked, not replaced by a refresh, not past its hour), its key is active, and
 * the key is turned on for the token's team. Deactivating a key or turning its binding off thus
 * stops its tokens on their next request, in every server process.
 */
export async function resolveAccessToken(ctx: AppContext, token: string, now = new Date()): Promise<AccessGrant> {
  const grant = await findGrantByAccessHash(ctx.db, lookupHash(token));
  if (!grant) throw new InvalidToken();
  if (!grant.access_expires_date || grant.access_expires_date <= now) throw new ExpiredToken();
  const key = await findKey(ctx.db, grant.developer_key_id);
  if (!key || !(await keyEnabledIn(ctx.db, key, grant.team_id))) throw new InvalidToken();
  return { grant, key };
}

/** `WWW-Authenticate` tells a client its token is the problem (RFC 6750 §3), as Canvas clients expect. */
export function challenge(reply: FastifyReply, error: 'invalid_token' | 'invalid_request' = 'invalid_token'): void {
  reply.header('WWW-Authenticate', `Bearer realm="gatehouse", error="${error}"`);
}

/** The request's access token, resolved once and kept on the request; undefined when it carries none. */
export async function accessGrantOf(ctx: AppContext, request: FastifyRequest): Promise<AccessGrant | undefined> {
  if (request.oauth) return request.oauth;
  const token = bearerToken(request);
  if (!token?.startsWith(`${ACCESS_TOKEN_PREFIX}_`)) return undefined;
  request.oauth = await resolveAccessToken(ctx, token);
  return request.oauth;
}
