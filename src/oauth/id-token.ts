import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppContext } from '../context.ts';
import { identityClaims, type Subject } from './claims.ts';
import { currentSigningKey, ID_TOKEN_LIFETIME_S } from './signing-keys.ts';

export type IdTokenInput = Subject & {
  clientId: string;
  grantId: string;
  scopes: readonly string[];
  authTime: Date;
  nonce: string | null;
  accessToken: string;
};

/** `at_hash`: the left half of the SHA-256 of the access token, base64url (OpenID Connect Core §3.1.3.6). */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

/**
 * An id_token (OpenID Connect Core §2) for a grant whose scopes include `openid`. `sid` is the
 * grant, so logging out with the id_token as hint ends exactly that sign-in.
 */
export async function signIdToken(ctx: AppContext, input: IdTokenInput): Promise<string> {
  const key = await currentSigningKey(ctx);
  const claims = await identityClaims(ctx, input, input.scopes);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    ...claims,
    auth_time: Math.floor(input.authTime.getTime() / 1000),
    at_hash: atHash(input.accessToken),
    sid: input.grantId,
    ...(input.nonce ? { nonce: input.nonce } : {}),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(ctx.config.publicUrl)
    .setAudience(input.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + ID_TOKEN_LIFETIME_S)
    .sign(key.key);
}
