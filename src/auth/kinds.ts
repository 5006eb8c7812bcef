import { findApplicationBySecretHash } from '../applications/store.ts';
import type { AppContext } from '../context.ts';
import { viewerOf } from '../graph/viewer.ts';
import { statusAt } from '../integrations/status.ts';
import { findIntegrationByTokenHash } from '../integrations/store.ts';
import { InvalidIntegrationState, InvalidToken } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { findLiveApiKey, findSessionUser, touchApiKey } from '../teams/store.ts';
import { oauthPrincipal } from './oauth.ts';
import { type Principal, type PrincipalKind, userPrincipal } from './principal.ts';
import type { TokenKind } from './tokens.ts';

/** The cookie holding a user's session token. */
export const SESSION_COOKIE = 'gatehouse_session';

/**
 * Looks a presented token up. Answers undefined when it is unknown, or throws the error its
 * surface answers for a token that exists but may not be used now (expired, integration not
 * active…). `accepts` lets a kind that yields several principals skip checks nobody asked for.
 */
type Resolve = (
  ctx: AppContext,
  token: string,
  accepts: readonly PrincipalKind[],
  now: Date,
) => Promise<Principal | undefined>;

/** A credential that identifies a caller: the token it is, where it travels, whom it can prove. */
export type CredentialKind = {
  token: TokenKind;
  carrier: 'bearer' | 'cookie';
  yields: readonly PrincipalKind[];
  resolve: Resolve;
};

/** Every way a caller is recognised. Tokens not listed here (refresh tokens, codes…) identify nobody. */
export const CREDENTIALS: readonly CredentialKind[] = [
  { token: 'session', carrier: 'cookie', yields: ['user'], resolve: sessionUser },
  { token: 'apiKey', carrier: 'bearer', yields: ['api_key'], resolve: apiKey },
  { token: 'applicationSecret', carrier: 'bearer', yields: ['application'], resolve: application },
  { token: 'integrationToken', carrier: 'bearer', yields: ['integration'], resolve: integration },
  { token: 'accessToken', carrier: 'bearer', yields: ['user', 'client', 'person'], resolve: oauthPrincipal },
];

async function sessionUser(
  ctx: AppContext,
  token: string,
  _accepts: unknown,
  now: Date,
): Promise<Principal | undefined> {
  const user = await findSessionUser(ctx.db, lookupHash(token), now);
  return user ? userPrincipal(user, user.session_id) : undefined;
}

async function apiKey(ctx: AppContext, token: string, _accepts: unknown, now: Date): Promise<Principal | undefined> {
  const key = await findLiveApiKey(ctx.db, 'token_hash', lookupHash(token));
  if (!key) return undefined;
  // Once a minute is precise enough, and spares a busy key a write on every request.
  if (!key.last_used_date || now.getTime() - key.last_used_date.getTime() >= 60_000)
    await touchApiKey(ctx.db, key.id, now);
  return { kind: 'api_key', id: key.id, teamId: key.team_id, role: key.role };
}

async function application(ctx: AppContext, token: string): Promise<Principal> {
  const found = await findApplicationBySecretHash(ctx.db, lookupHash(token));
  if (!found) throw new InvalidToken('The application secret is not valid.');
  return { kind: 'application', id: found.id, teamId: found.team_id };
}

/**
 * An integration's access token, read on every request (one indexed query), so a deleted,
 * rotated or disabled integration is refused on the next request by every server process. The
 * status is computed from the dates now, not read from the last scheduled update.
 */
async function integration(ctx: AppContext, token: string, _accepts: unknown, now: Date): Promise<Principal> {
  const found = await findIntegrationByTokenHash(ctx.db, lookupHash(token), now);
  if (!found) throw new InvalidToken();
  if (statusAt(found, now) !== 'active') throw new InvalidIntegrationState();
  return { kind: 'integration', id: found.id, viewer: viewerOf(found) };
}
