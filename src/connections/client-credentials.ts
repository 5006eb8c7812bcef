import type { AppContext } from '../context.ts';
import { RefreshFailed } from '../lib/errors.ts';
import * as store from './store.ts';
import { type OpenToken, openToken, saveTokens, type TokenOwner } from './tokens.ts';
import { client, upstreamConfig } from './upstream.ts';

/** Mints under way in this process, by mapping and scope: concurrent reads share one. */
const minting = new Map<string, Promise<void>>();

/**
 * A client-credentials token for the mapping (its team, so its entity) and the provider's
 * scopes, minted once and used from the database until it comes within the provider's margin of
 * its expiry, rather than minted on every call. A token of unknown lifetime is kept an hour.
 */
export async function clientCredentialsToken(
  ctx: AppContext,
  owner: TokenOwner,
  options: { force?: boolean } = {},
): Promise<OpenToken> {
  const scopes = [...owner.endpoints.scopes].sort();
  const scopeKey = `client_credentials:${scopes.join(' ')}`;
  const cached = await store.findToken(ctx.db, owner.sourceId, scopeKey);
  if (cached && !options.force && fresh(cached, owner.marginSeconds)) return openToken(ctx, cached);
  const key = `${owner.sourceId}|${scopeKey}`;
  let flight = minting.get(key);
  if (!flight) {
    flight = mint(ctx, owner, scopes, scopeKey).finally(() => minting.delete(key));
    minting.set(key, flight);
  }
  await flight;
  return openToken(ctx, (await store.findToken(ctx.db, owner.sourceId, scopeKey)) as store.TokenRow);
}

function fresh(row: store.TokenRow, marginSeconds: number, now = new Date()): boolean {
  if (row.expires_at === null) return now.getTime() - row.updated_date.getTime() < 60 * 60 * 1000;
  return row.expires_at.getTime() - now.getTime() > marginSeconds * 1000;
}

async function mint(ctx: AppContext, owner: TokenOwner, scopes: string[], scopeKey: string): Promise<void> {
  const parameters: Record<string, string> = scopes.length > 0 ? { scope: scopes.join(' ') } : {};
  const config = upstreamConfig(ctx, owner.endpoints);
  const response = await client.clientCredentialsGrant(config, parameters).catch((error: unknown) => {
    ctx.log.warn(
      { source: owner.sourceId, err: error instanceof Error ? error.message : 'failed' },
      'token mint failed',
    );
    throw new RefreshFailed(`${owner.endpoints.provider} did not issue a token; try again later.`);
  });
  await saveTokens(ctx, ctx.db, owner, response, { scopeKey });
}
