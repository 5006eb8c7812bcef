import { checkGrantAtIssue } from '../../auth/oauth.ts';
import type { AppContext } from '../../context.ts';
import type { KeyView } from '../../developer-keys/store.ts';
import { InvalidGrant, InvalidRequest } from '../../lib/oauth-errors.ts';
import { lookupHash } from '../../lib/tokens.ts';
import { refreshScopes } from '../requested-scopes.ts';
import * as store from '../store.ts';
import { mintTokens, refreshGrant, tokenResponse } from '../tokens.ts';

/**
 * The refresh-token grant. A confidential client keeps one refresh token for the whole sign-in,
 * as Edlink's clients expect (RFC 9700 §2.2.2: it is bound to the client, whose secret every
 * refresh needs); it ends with the grant. A public client has no secret, so its refresh tokens
 * rotate: each use answers a new one and retires the old, and a retired one presented again
 * means a copy is in someone else's hands, so the whole family (the grant, with its access
 * token) is revoked. An unknown token is `invalid_grant`, as RFC 6749 §5.2 says (Canvas
 * answers `invalid_request`).
 */
export async function refreshTokenGrant(
  ctx: AppContext,
  key: KeyView,
  params: { refresh_token?: string | undefined; scope?: string | undefined },
) {
  if (!params.refresh_token)
    throw new InvalidRequest('You must provide the refresh_token parameter when using the refresh_token grant type');
  const presented = params.refresh_token;
  const hash = lookupHash(presented);
  const found = await store.findRefreshToken(ctx.db, hash);
  if (!found || found.revoked_date) throw new InvalidGrant('refresh_token not found');
  if (found.developer_key_id !== key.id) throw new InvalidGrant('incorrect client');
  if (found.used_date) await replayed(ctx, found.grant_id);
  const grant = (await store.findGrant(ctx.db, found.grant_id)) as store.GrantRow;
  const scopes = refreshScopes(grant.scopes, params.scope);
  await checkGrantAtIssue(ctx, grant, key);
  const rotates = key.client_type === 'public';
  const minted = mintTokens(rotates);
  const refreshed = await ctx.db.transaction().execute(async (tx) => {
    if (rotates && !(await store.useRefreshToken(tx, hash))) return false;
    await refreshGrant(tx, grant.id, minted, scopes);
    return true;
  });
  if (!refreshed) await replayed(ctx, grant.id);
  const current = (await store.findGrant(ctx.db, grant.id)) as store.GrantRow;
  return tokenResponse(ctx, key, current, rotates ? minted : { ...minted, refreshToken: presented });
}

async function replayed(ctx: AppContext, grantId: string): Promise<never> {
  await store.revokeGrant(ctx.db, grantId);
  throw new InvalidGrant('refresh_token was already used; every token of this sign-in is now revoked');
}
