import { randomUUID } from 'node:crypto';
import { issueToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { lookupHash } from '../lib/tokens.ts';
import { subjectOf } from './claims.ts';
import { signIdToken } from './id-token.ts';
import * as store from './store.ts';
import type { Subject } from './tables.ts';

export const ACCESS_TOKEN_LIFETIME_S = 3600;

/** Fresh token strings and their hashes; only the hashes are stored. */
export function mintTokens(refresh: boolean) {
  const accessToken = issueToken('accessToken').token;
  const refreshToken = refresh ? issueToken('refreshToken').token : undefined;
  return { accessToken, refreshToken, expires: new Date(Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000) };
}

export type Minted = ReturnType<typeof mintTokens>;

/** A new grant (one sign-in, one token family) holding the minted tokens. */
export async function insertGrant(
  tx: Executor,
  key: KeyView,
  subject: Subject,
  scopes: readonly string[],
  minted: Minted,
) {
  const grant = await store.insertGrant(tx, {
    id: randomUUID(),
    developer_key_id: key.id,
    ...subject,
    scopes: JSON.stringify(scopes),
    access_scopes: JSON.stringify(scopes),
    access_token_hash: lookupHash(minted.accessToken),
    access_expires_date: minted.expires,
  });
  if (minted.refreshToken) await store.insertRefreshToken(tx, lookupHash(minted.refreshToken), grant.id);
  return grant;
}

/**
 * Replaces a grant's access token on refresh (the old one dies at once) with one carrying
 * `scopes`; a new refresh token, when one was minted, joins the family.
 */
export async function refreshGrant(tx: Executor, grantId: string, minted: Minted, scopes: readonly string[]) {
  await store.setAccessToken(tx, grantId, lookupHash(minted.accessToken), minted.expires, JSON.stringify(scopes));
  if (minted.refreshToken) await store.insertRefreshToken(tx, lookupHash(minted.refreshToken), grantId);
}

/**
 * The token response (RFC 6749 §5.1), with Canvas's `user` and, when `openid` was granted, an
 * id_token. Signed outside any transaction: signing may read the keyring.
 */
export async function tokenResponse(
  ctx: AppContext,
  key: KeyView,
  grant: store.GrantRow,
  minted: Minted,
  nonce: string | null = null,
) {
  const openid = grant.access_scopes.includes('openid') && grant.subject_type !== 'client';
  const idToken = openid
    ? await signIdToken(ctx, {
        ...grant,
        clientId: key.id,
        grantId: grant.id,
        scopes: grant.access_scopes,
        authTime: grant.auth_time,
        nonce,
        accessToken: minted.accessToken,
      })
    : undefined;
  return {
    access_token: minted.accessToken,
    token_type: 'Bearer' as const,
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    ...(minted.refreshToken ? { refresh_token: minted.refreshToken } : {}),
    scope: grant.access_scopes.join(' '),
    ...(grant.subject_type === 'client' ? {} : { user: { id: subjectOf(grant) } }),
    ...(idToken ? { id_token: idToken } : {}),
  };
}

export type TokenResponse = Awaited<ReturnType<typeof tokenResponse>>;
