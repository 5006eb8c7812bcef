import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { ReauthRequired, RefreshFailed } from '../lib/errors.ts';
import { wake } from '../webhooks/publish.ts';
import { publishConnectionState } from '../webhooks/source-topics.ts';
import * as store from './store.ts';
import { client, type Endpoints, isInvalidGrant, upstreamConfig } from './upstream.ts';

const ACCESS = 'connection_tokens.access_token';
const REFRESH = 'connection_tokens.refresh_token';
/** Days on which refreshing failed before the token is given up and the team must reconnect. */
export const MAX_FAILED_DAYS = 3;
/** A read that did not force a refresh waits this long after a failed one before trying again. */
export const COOLDOWN_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type OpenToken = {
  id: string;
  access_token: string;
  refresh_token: string | null;
  expires_at: Date | null;
  scopes: string[];
};

/** The mapping and provider a token belongs to, as refreshing needs them. */
export type TokenOwner = { sourceId: string; teamId: string; marginSeconds: number; endpoints: Endpoints };

export async function openToken(ctx: AppContext, row: store.TokenRow): Promise<OpenToken> {
  return {
    id: row.id,
    access_token: await ctx.keyring.open(row.access_token, ACCESS),
    refresh_token: row.refresh_token ? await ctx.keyring.open(row.refresh_token, REFRESH) : null,
    expires_at: row.expires_at,
    scopes: row.scopes,
  };
}

/**
 * Seals and keeps what the provider answered. A provider that sends no new refresh token keeps
 * the old one valid; one that sends no `expires_in` leaves the expiry unknown, not never.
 */
export async function saveTokens(
  ctx: AppContext,
  db: Executor,
  owner: { sourceId: string; teamId: string },
  response: client.TokenEndpointResponse,
  options: { scopeKey?: string; keepRefresh?: string | null; now?: Date } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  const refresh = response.refresh_token ?? options.keepRefresh ?? null;
  await store.saveToken(db, {
    id: randomUUID(),
    source_id: owner.sourceId,
    team_id: owner.teamId,
    scope_key: options.scopeKey ?? '',
    access_token: await ctx.keyring.seal(response.access_token, ACCESS),
    refresh_token: refresh ? await ctx.keyring.seal(refresh, REFRESH) : null,
    token_type: response.token_type ?? null,
    scopes: JSON.stringify(response.scope ? response.scope.split(' ') : []),
    expires_at: response.expires_in === undefined ? null : new Date(now.getTime() + response.expires_in * 1000),
    refresh_state: null,
    failed_days: 0,
    last_failure_date: null,
    last_error: null,
  });
}

/** Within the margin of its expiry, or of unknown expiry and a day old: worth refreshing. */
export function isDue(row: store.TokenRow, marginSeconds: number, now = new Date()): boolean {
  if (!row.refresh_token) return false;
  if (row.expires_at === null) return now.getTime() - row.updated_date.getTime() > DAY_MS;
  return row.expires_at.getTime() - now.getTime() < marginSeconds * 1000;
}

const expired = (row: store.TokenRow, now: Date) => row.expires_at !== null && row.expires_at <= now;

/** Refreshes under way in this process, by token id: concurrent reads share one. */
const inFlight = new Map<string, Promise<store.TokenRow>>();

/**
 * The mapping's token, refreshed first when it is due (or when `force`d). One refresh at a time
 * per token: in this process through `inFlight`, across processes through a row lock after which
 * the row is read again, so a token another process just refreshed is used as it is and a
 * rotating refresh token is never spent twice.
 */
export async function freshToken(
  ctx: AppContext,
  owner: TokenOwner,
  options: { force?: boolean; scopeKey?: string } = {},
): Promise<OpenToken | undefined> {
  const row = await store.findToken(ctx.db, owner.sourceId, options.scopeKey);
  if (!row) return undefined;
  if (!options.force && !isDue(row, owner.marginSeconds)) return openToken(ctx, row);
  let flight = inFlight.get(row.id);
  if (!flight) {
    flight = refreshOnce(ctx, owner, row, options.force === true).finally(() => inFlight.delete(row.id));
    inFlight.set(row.id, flight);
  }
  return openToken(ctx, usable(await flight, new Date(), owner));
}

async function refreshOnce(ctx: AppContext, owner: TokenOwner, seen: store.TokenRow, force: boolean) {
  // PGlite has one connection and one process: holding a transaction open across the provider's
  // answer would stall every other query, and `inFlight` already makes refreshes single.
  const row =
    ctx.database.kind === 'pglite'
      ? await refreshLocked(ctx, ctx.db, owner, seen, force)
      : await ctx.db.transaction().execute(async (tx) => refreshLocked(ctx, tx, owner, seen, force));
  // A change of state left messages for the applications using the source.
  if (row.refresh_state !== seen.refresh_state) await wake(ctx);
  return row;
}

async function refreshLocked(
  ctx: AppContext,
  db: Executor,
  owner: TokenOwner,
  seen: store.TokenRow,
  force: boolean,
): Promise<store.TokenRow> {
  const now = new Date();
  const row = (await store.lockToken(db, seen.id)) ?? seen;
  const changedMeanwhile = row.updated_date.getTime() !== seen.updated_date.getTime();
  if (changedMeanwhile && row.refresh_state !== 'refresh_failed') return row;
  if (!force && !isDue(row, owner.marginSeconds, now)) return row;
  if (row.refresh_state === 'reauth_required' || !row.refresh_token) return row;
  const cooling = row.last_attempt_at && now.getTime() - row.last_attempt_at.getTime() < COOLDOWN_MS;
  if (!force && row.refresh_state === 'refresh_failed' && cooling) return row;
  const refreshToken = await ctx.keyring.open(row.refresh_token, REFRESH);
  try {
    const response = await client.refreshTokenGrant(upstreamConfig(ctx, owner.endpoints), refreshToken);
    await saveTokens(ctx, db, owner, response, { scopeKey: row.scope_key, keepRefresh: refreshToken, now });
    const recovered = row.refresh_state ? 'refresh_recovered' : null;
    await store.updateToken(db, row.id, { refresh_state: recovered, failed_days: 0, last_error: null });
    if (recovered && row.refresh_state !== recovered) await publishConnectionState(db, row.source_id, recovered);
  } catch (error) {
    await recordFailure(ctx, db, row, error, now);
  }
  return (await store.findToken(db, owner.sourceId, row.scope_key)) as store.TokenRow;
}

/** Counts a failed refresh once per day; a refused grant, or too many days, needs a reconnect. */
async function recordFailure(ctx: AppContext, db: Executor, row: store.TokenRow, error: unknown, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const days = row.failed_days + (row.last_failure_date === today ? 0 : 1);
  const given = isInvalidGrant(error) || days >= MAX_FAILED_DAYS;
  const state = given ? 'reauth_required' : 'refresh_failed';
  ctx.log.warn({ token: row.id, err: error instanceof Error ? error.message : String(error) }, 'token refresh failed');
  await store.updateToken(db, row.id, {
    refresh_state: state,
    failed_days: days,
    last_failure_date: today,
    last_attempt_at: now,
    last_error: error instanceof Error ? error.message.slice(0, 500) : 'refresh failed',
  });
  if (row.refresh_state !== state) await publishConnectionState(db, row.source_id, state);
}

/** The token as it stands, when it can still be used; the reason it cannot, otherwise. */
function usable(row: store.TokenRow, now: Date, owner: TokenOwner): store.TokenRow {
  if (!expired(row, now)) return row;
  if (row.refresh_state === 'reauth_required') throw new ReauthRequired(owner.endpoints.provider);
  throw new RefreshFailed(`The ${owner.endpoints.provider} token expired and could not be refreshed; try again later.`);
}
