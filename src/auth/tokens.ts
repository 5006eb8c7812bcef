import { lookupHash, newToken } from '../lib/tokens.ts';

/**
 * Every secret Gatehouse issues starts with its kind's prefix, so a leaked one can be told apart
 * and scanned for. Which of them identify a caller, and as whom, is `auth/kinds.ts`.
 */
export const TOKEN_PREFIX = {
  /** A user's browser session (cookie). */
  session: 'gh_ses',
  /** A team API key. */
  apiKey: 'gh_key',
  /** An application's secret: the developer API, and the client secret of its own developer key. */
  applicationSecret: 'gh_app',
  /** An integration's access token: the Graph API. */
  integrationToken: 'gh_int',
  /** An OAuth access token of a user, a client (client credentials) or a person. */
  accessToken: 'gh_at',
  refreshToken: 'gh_rt',
  /** A developer key's client secret. */
  clientSecret: 'gh_dks',
  authorizationCode: 'gh_code',
  /** The one-time verifier of an activation message, exchanged for an integration's access token. */
  activationVerifier: 'gh_ver',
  /** The browser cookie binding a sign-in in progress. */
  interaction: 'gh_ia',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIX;

/** A new token of a kind, the hash it is found by, and the hint that may be shown again. */
export function issueToken(kind: TokenKind): { token: string; hash: string; hint: string } {
  const token = newToken(TOKEN_PREFIX[kind]);
  return { token, hash: lookupHash(token), hint: `${token.slice(0, TOKEN_PREFIX[kind].length + 5)}…` };
}

/** Whether a presented string claims to be a token of this kind. */
export function isTokenOf(kind: TokenKind, token: string | undefined): token is string {
  return token?.startsWith(`${TOKEN_PREFIX[kind]}_`) ?? false;
}
