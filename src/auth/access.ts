import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { findKey } from '../developer-keys/store.ts';
import { ExpiredToken, InvalidToken } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { findGrantByAccessHash } from '../oauth/store.ts';
import { keyEnabledIn } from './bindings.ts';
import type { AccessGrant } from './principal.ts';

/**
 * The grant behind an OAuth access token, checked on every use: the token is current (not
 * revoked, not replaced by a refresh, not past its hour), its key is active, and the key is
 * turned on for the token's team. Deactivating a key or turning its binding off thus stops its
 * tokens on their next request, in every server process.
 */
export async function resolveAccessToken(ctx: AppContext, token: string, now = new Date()): Promise<AccessGrant> {
  const grant = await findGrantByAccessHash(ctx.db, lookupHash(token));
  if (!grant) throw new InvalidToken();
  if (!grant.access_expires_date || grant.access_expires_date <= now) throw new ExpiredToken();
  const key = await findKey(ctx.db, grant.developer_key_id);
  if (!key || !(await keyEnabledIn(ctx.db, key, grant.team_id))) throw new InvalidToken();
  return { grant, key };
}

/** `WWW-Authenticate` tells a client its token is the problem (RFC 6750), as OAuth clients expect. */
export function challenge(reply: FastifyReply, error: 'invalid_token' | 'invalid_request' = 'invalid_token'): void {
  reply.header('WWW-Authenticate', `Bearer realm="gatehouse", error="${error}"`);
}
