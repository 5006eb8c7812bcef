import * as client from 'openid-client';
import type { AppContext } from '../context.ts';
import { AccessDenied, TemporarilyUnavailable } from '../lib/oauth-errors.ts';
import { publicFetch } from '../lib/outbound.ts';
import type { SsoSettings } from '../sources/presenters.ts';
import { openSsoClientSecret } from '../sources/service.ts';
import { type Interaction, rememberUpstream, upstreamSecrets } from './interactions.ts';
import { matchPeople } from './sign-in-store.ts';

/** A source that names an upstream OpenID Connect issuer for its people. */
export type FederatedSource = { id: string; name: string; sso: SsoSettings; sso_client_secret: string | null };

export function callbackUrl(ctx: AppContext): string {
  return `${ctx.config.publicUrl}/login/oauth2/callback`;
}

/**
 * How Gatehouse talks to issuers. Every request (discovery, keys, token, userinfo) reaches only
 * public addresses, checked as each connection resolves its host, since a team admin chooses
 * the issuer and an anonymous visitor makes the server call it. An operator who allows private
 * issuers (development and tests) may also use plain http.
 */
function issuerRequests(ctx: AppContext): client.DiscoveryRequestOptions {
  if (ctx.config.allowPrivateIssuers) return { execute: [client.allowInsecureRequests] };
  return { [client.customFetch]: (url, options) => publicFetch(url, options as RequestInit) };
}

/** The upstream issuer's configuration from its discovery document, with Gatehouse as its client. */
async function upstream(ctx: AppContext, source: FederatedSource): Promise<client.Configuration> {
  const issuer = new URL(source.sso.issuer);
  const secret = await openSsoClientSecret(ctx, source);
  try {
    return await client.discovery(
      issuer,
      source.sso.client_id,
      secret,
      secret ? undefined : client.None(),
      issuerRequests(ctx),
    );
  } catch (error) {
    ctx.log.warn({ err: error, source: source.id }, 'upstream issuer discovery failed');
    throw new TemporarilyUnavailable(`The sign-in of ${source.name} cannot be reached; try again later.`);
  }
}

/**
 * Sends the browser to the source's issuer (authorization code with PKCE, state and nonce). The
 * state is kept only as a hash to find this sign-in again; the verifier and nonce are sealed.
 */
export async function startFederation(
  ctx: AppContext,
  interaction: Interaction,
  source: FederatedSource,
): Promise<string> {
  const config = await upstream(ctx, source);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await rememberUpstream(ctx, interaction.id, source.id, state, { verifier, nonce });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(ctx),
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).href;
}

/**
 * Completes the upstream sign-in from the callback URL and answers the verified identity's
 * claims (from the id_token, with userinfo when the matching claim is not in it).
 */
export async function finishFederation(
  ctx: AppContext,
  interaction: Interaction,
  source: FederatedSource,
  callback: URL,
) {
  const secrets = await upstreamSecrets(ctx, interaction);
  if (!secrets || interaction.upstream_source_id !== source.id)
    throw new AccessDenied('This sign-in was not sent to that organization.');
  const config = await upstream(ctx, source);
  const tokens = await client
    .authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: secrets.verifier,
      expectedNonce: secrets.nonce,
      expectedState: callback.searchParams.get('state') ?? '',
      idTokenExpected: true,
    })
    .catch((error: unknown) => {
      ctx.log.info({ err: error, source: source.id }, 'upstream sign-in failed');
      throw new AccessDenied(`The sign-in of ${source.name} did not complete.`);
    });
  const claims: Record<string, unknown> = { ...tokens.claims() };
  if (claims[source.sso.claim] === undefined)
    Object.assign(claims, await client.fetchUserInfo(config, tokens.access_token, String(claims.sub)));
  return claims;
}

/**
 * The one person of the source the identity names: its `claim` compared with the person's
 * email (case-insensitively, and only a verified one), `sourced_id`, or identifier of that type.
 */
export async function matchPerson(
  ctx: AppContext,
  source: FederatedSource,
  claims: Record<string, unknown>,
): Promise<string> {
  const value = claims[source.sso.claim];
  if (typeof value !== 'string' || value === '')
    throw new AccessDenied(`The sign-in of ${source.name} did not say who you are (no ${source.sso.claim}).`);
  if (source.sso.claim === 'email' && claims.email_verified === false)
    throw new AccessDenied('Your email address is not verified by your organization.');
  const matches = await matchPeople(ctx.db, source.id, source.sso.identifier, value);
  if (matches.length !== 1)
    throw new AccessDenied(
      matches.length === 0
        ? `Nobody at ${source.name} matches this sign-in.`
        : `Several people at ${source.name} match this sign-in.`,
    );
  return (matches[0] as { id: string }).id;
}
