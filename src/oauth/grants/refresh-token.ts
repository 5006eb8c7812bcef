import type { AppContext } from '../../context.ts';
import type { KeyView } from '../../developer-keys/store.ts';
import { InvalidGrant, InvalidRequest } from '../../lib/oauth-errors.ts';
import { lookupHash } from '../../lib/tokens.ts';
import * as store from '../store.ts';
import { mintTokens, rotateGrant, tokenResponse } from '../tokens.ts';

/**
 * The refresh-token grant. Refresh tokens rotate: each use answers a new one and retires the
 * old. A retired one presented again means a copy is in someone else's hands, so the whole
 * family (the grant, with its access token) is revoked (OAuth 2.0 Security BCP §4.14).
 * An unknown token is `invalid_grant`, as RFC 6749 §5.2 says (Canvas answers `invalid_request`).
 */
export async function refreshTokenGrant(ctx: AppContext, key: KeyView, params: { refresh_token?: string | undefined }) {
  if (!params.refresh_token)
    throw new InvalidRequest('You must provide the refresh_token parameter when using the refresh_token grant type');
  const hash = lookupHash(params.refresh_token);
  const found = await store.findRefreshToken(ctx.db, hash);
  if (!found || found.revoked_date) throw new InvalidGrant('refresh_token not found');
  if (found.developer_key_id !== key.id) throw new InvalidGrant('incorrect client');
  const minted = mintTokens(true);
  const rotated = await ctx.db.transaction().execute(async (tx) => {
    if (!(await store.useRefreshToken(tx, hash))) return false;
    await rotateGrant(tx, found.grant_id, minted);
    return true;
  });
  if (!rotated) {
    await store.revokeGrant(ctx.db, found.grant_id);
    throw new InvalidGrant('refresh_token was already used; every token of this sign-in is now revoked');
  }
  const grant = (await store.findGrant(ctx.db, found.grant_id)) as store.GrantRow;
  return tokenResponse(ctx, key, grant, minted);
}
