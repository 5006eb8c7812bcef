import { createHash } from 'node:crypto';
import { checkGrantAtIssue } from '../../auth/oauth.ts';
import type { AppContext } from '../../context.ts';
import type { KeyView } from '../../developer-keys/store.ts';
import { InvalidGrant, InvalidRequest } from '../../lib/oauth-errors.ts';
import { lookupHash, safeEqual } from '../../lib/tokens.ts';
import * as store from '../store.ts';
import { insertGrant, mintTokens, tokenResponse } from '../tokens.ts';

export type CodeParameters = {
  code?: string | undefined;
  redirect_uri?: string | undefined;
  code_verifier?: string | undefined;
};

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) must equal the challenge sent to the authorization endpoint. */
function verifierMatches(verifier: string, challenge: string): boolean {
  return safeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

/** What the exchange must match: the code was issued to this client, for this redirect URI, with this challenge. */
function checkExchange(code: store.CodeRow, key: KeyView, params: CodeParameters): void {
  if (code.developer_key_id !== key.id) throw new InvalidGrant('incorrect client');
  if (!params.redirect_uri)
    throw new InvalidRequest('redirect_uri is required: send the one the authorization request used');
  if (params.redirect_uri !== code.redirect_uri)
    throw new InvalidGrant('redirect_uri does not match the authorization request');
  if (code.code_challenge && !(params.code_verifier && verifierMatches(params.code_verifier, code.code_challenge))) {
    throw new InvalidGrant('code_verifier is missing or does not match the code_challenge');
  }
  if (!code.code_challenge && params.code_verifier)
    throw new InvalidGrant('code_verifier given, but the authorization request had no code_challenge');
}

/**
 * The authorization-code grant, in the order Canvas checks it, with PKCE and the standing check:
 * the code exists and is live, it was issued to this client, the redirect URI is the one it was
 * issued for, the PKCE verifier matches, and the sign-in still stands as each use of its tokens
 * will check. A code is used once: a failed exchange burns it too, so a stolen code cannot be
 * tried against many verifiers; presenting it again revokes what it was exchanged for (RFC 6749
 * §4.1.2).
 */
export async function authorizationCodeGrant(ctx: AppContext, key: KeyView, params: CodeParameters) {
  if (!params.code)
    throw new InvalidRequest('You must provide the code parameter when using the authorization_code grant type');
  const hash = lookupHash(params.code);
  const code = await store.findCode(ctx.db, hash);
  if (!code || code.expires_date <= new Date()) throw new InvalidGrant('authorization_code not found');
  if (code.used_date) {
    if (code.grant_id) await store.revokeGrant(ctx.db, code.grant_id);
    throw new InvalidGrant('authorization_code not found');
  }
  try {
    checkExchange(code, key, params);
    await checkGrantAtIssue(ctx, code, key);
  } catch (error) {
    await store.useCode(ctx.db, hash, null);
    throw error;
  }
  const minted = mintTokens(true);
  const grant = await ctx.db.transaction().execute(async (tx) => {
    const subject = {
      team_id: code.team_id,
      subject_type: code.subject_type,
      user_id: code.user_id,
      person_id: code.person_id,
      integration_id: code.integration_id,
      auth_time: code.auth_time,
    };
    const created = await insertGrant(tx, key, subject, code.scopes, minted);
    // Two exchanges racing for one code: only the first marks it used; the other rolls back.
    if (!(await store.useCode(tx, hash, created.id))) throw new InvalidGrant('authorization_code not found');
    return created;
  });
  return tokenResponse(ctx, key, grant, minted, code.nonce);
}
