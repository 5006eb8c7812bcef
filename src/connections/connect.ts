import { recordAudit } from '../audit/service.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { BadRequest, NotConnected } from '../lib/errors.ts';
import { lookupHash, newToken } from '../lib/tokens.ts';
import { findProviderById, type ProviderRow } from '../providers/store.ts';
import { updateSource } from '../sources/store.ts';
import { resolveConnection } from './resolve.ts';
import { audit, mappingOf } from './service.ts';
import * as store from './store.ts';
import { saveTokens } from './tokens.ts';
import { client, fillTemplate, upstreamConfig } from './upstream.ts';

const STATE_LIFETIME_MS = 10 * 60 * 1000;
const VERIFIER = 'connection_states.code_verifier';

export function connectCallbackUrl(ctx: AppContext): string {
  return `${ctx.config.publicUrl}/api/v1/connections/callback`;
}

/** The provider's endpoints for a connect flow: every placeholder must be filled. */
async function strictConnection(ctx: AppContext, provider: ProviderRow, teamId: string) {
  const connection = await resolveConnection(ctx, provider, { kind: 'team', teamId });
  fillTemplate(provider.authorization_url, connection.config);
  fillTemplate(provider.token_url, connection.config);
  return connection;
}

/**
 * Starts connecting the team's mapping: an authorization URL carrying a single-use state of 256
 * random bits, kept only as its hash for ten minutes and bound to the mapping and its team, and a
 * PKCE challenge whose verifier is kept sealed, when the provider supports PKCE.
 */
export async function startConnect(ctx: AppContext, member: Member, provider: ProviderRow, teamId: string) {
  if (provider.auth_mode !== 'oauth2_authorization_code')
    throw new BadRequest(`${provider.name} does not connect through a browser (auth mode ${provider.auth_mode}).`);
  const mapping = await mappingOf(ctx, provider, teamId);
  const connection = await strictConnection(ctx, provider, teamId);
  const config = upstreamConfig(ctx, connection.endpoints);
  const state = newToken('gh_cst');
  const verifier = provider.pkce ? client.randomPKCECodeVerifier() : null;
  const expiresAt = new Date(Date.now() + STATE_LIFETIME_MS);
  await store.insertState(ctx.db, {
    state_hash: lookupHash(state),
    source_id: mapping.id,
    team_id: teamId,
    code_verifier: verifier ? await ctx.keyring.seal(verifier, VERIFIER) : null,
    actor_type: actorOf(member).type,
    actor_id: actorOf(member).id,
    expires_at: expiresAt,
  });
  const parameters: Record<string, string> = { redirect_uri: connectCallbackUrl(ctx), state };
  if (provider.scopes.length > 0) parameters.scope = provider.scopes.join(' ');
  if (verifier) {
    parameters.code_challenge = await client.calculatePKCECodeChallenge(verifier);
    parameters.code_challenge_method = 'S256';
  }
  await audit(ctx.db, member, { kind: 'team', teamId }, 'connection.started', { type: 'source', id: mapping.id });
  return {
    authorization_url: client.buildAuthorizationUrl(config, parameters).href,
    expires_at: expiresAt.toISOString(),
  };
}

/**
 * The provider sends the browser back here. The state is taken once (a replay, or one older than
 * ten minutes, finds nothing); the tokens are sealed under the mapping's team; the entity id is
 * read from where the provider's definition says.
 */
export async function finishConnect(ctx: AppContext, callback: URL) {
  const state = callback.searchParams.get('state') ?? '';
  const pending = await store.takeState(ctx.db, lookupHash(state), new Date());
  if (!pending) throw new BadRequest('This connection attempt is unknown, used or expired; start it again.');
  const error = callback.searchParams.get('error');
  if (error) throw new NotConnected(`The provider refused the connection: ${error.slice(0, 100)}.`);
  const source = await store.findSourceById(ctx.db, pending.source_id, pending.team_id);
  const provider = source && (await findProviderById(ctx.db, source.provider_id));
  if (!source || !provider) throw new BadRequest('The mapping of this connection attempt no longer exists.');
  const connection = await strictConnection(ctx, provider, pending.team_id);
  const verifier = pending.code_verifier ? await ctx.keyring.open(pending.code_verifier, VERIFIER) : undefined;
  const tokens = await client
    .authorizationCodeGrant(upstreamConfig(ctx, connection.endpoints), callback, {
      expectedState: state,
      ...(verifier ? { pkceCodeVerifier: verifier } : {}),
    })
    .catch((failure: unknown) => {
      ctx.log.info({ source: source.id, err: failure instanceof Error ? failure.message : 'failed' }, 'connect failed');
      throw new NotConnected(`${provider.name} did not complete the connection; start it again.`);
    });
  const owner = { sourceId: source.id, teamId: source.team_id };
  const entityId = entityIdFrom(provider, callback, tokens);
  await saveTokens(ctx, ctx.db, owner, tokens);
  if (entityId) await updateSource(ctx.db, source.id, { external_entity_id: entityId });
  // The browser coming back carries no credential of ours: the audit names who started the flow.
  await recordAudit(ctx.db, {
    teamId: source.team_id,
    actor: { type: pending.actor_type, id: pending.actor_id },
    action: 'connection.connected',
    target: { type: 'source', id: source.id },
  });
  return { provider: provider.name, team_id: source.team_id, mapping_id: source.id };
}

/** The outside entity id, from a callback parameter, an id_token claim or a token-response field. */
function entityIdFrom(
  provider: ProviderRow,
  callback: URL,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
) {
  const from = provider.entity_id_from;
  if (!from) return undefined;
  const value =
    from.from === 'query'
      ? callback.searchParams.get(from.name)
      : from.from === 'token'
        ? (tokens as Record<string, unknown>)[from.name]
        : tokens.claims()?.[from.name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
