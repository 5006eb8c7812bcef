import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { issueToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import { InvalidRequest } from '../lib/oauth-errors.ts';
import { lookupHash, safeEqual } from '../lib/tokens.ts';
import * as store from './interaction-store.ts';
import { deleteExpired } from './store.ts';
import type { AuthorizationRequest, OAuthTables } from './tables.ts';

export type Interaction = Selectable<OAuthTables['oauth_interactions']>;

/** How long a browser has to sign in and consent. */
const LIFETIME_MS = 30 * 60 * 1000;
const COOKIE_PATH = '/login/oauth2';

/** One cookie per sign-in in progress, so two tabs signing in at once do not disturb each other. */
export function cookieName(id: string): string {
  return `gatehouse_oauth_${id}`;
}

/**
 * Begins a sign-in: the validated request is kept server-side (every process sees it) and the
 * browser holds a random cookie whose hash binds it to this sign-in; each later step needs both
 * the interaction id from the page and the cookie, so another site cannot drive it.
 */
export async function startInteraction(
  ctx: AppContext,
  reply: FastifyReply,
  keyId: string,
  request: AuthorizationRequest,
): Promise<string> {
  const now = new Date();
  await deleteExpired(ctx.db, now);
  const id = randomUUID();
  const { token: cookie, hash } = issueToken('interaction');
  await store.insertInteraction(ctx.db, {
    id,
    cookie_hash: hash,
    developer_key_id: keyId,
    request: JSON.stringify(request),
    expires_date: new Date(now.getTime() + LIFETIME_MS),
  });
  reply.setCookie(cookieName(id), cookie, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https:'),
    maxAge: LIFETIME_MS / 1000,
  });
  return id;
}

/** The sign-in a form or callback continues; its cookie must come with it. */
export async function loadInteraction(
  ctx: AppContext,
  request: FastifyRequest,
  id: string | undefined,
): Promise<Interaction> {
  const row = id && /^[0-9a-f-]{36}$/.test(id) ? await store.findInteraction(ctx.db, id) : undefined;
  const cookie = row ? request.cookies[cookieName(row.id)] : undefined;
  if (!row || !cookie || row.expires_date <= new Date() || !safeEqual(lookupHash(cookie), row.cookie_hash)) {
    throw new InvalidRequest('Invalid or missing session for oauth; start signing in again from the application.');
  }
  return row;
}

export function findInteractionByUpstreamState(ctx: AppContext, state: string) {
  return store.findInteractionByStateHash(ctx.db, lookupHash(state));
}

export type Identified =
  | { subject_type: 'user'; user_id: string; team_id: null; person_id: null; integration_id: null }
  | { subject_type: 'person'; person_id: string; integration_id: string; team_id: string; user_id: null };

/** Records who signed in; consent comes next. */
export async function identify(ctx: AppContext, id: string, who: Identified): Promise<Interaction> {
  return store.updateInteraction(ctx.db, id, {
    ...who,
    auth_time: new Date(),
    upstream_state_hash: null,
    upstream_secrets: null,
  });
}

/** Remembers what was sent to an upstream issuer; the verifier and nonce are sealed, the state only hashed. */
export async function rememberUpstream(
  ctx: AppContext,
  id: string,
  sourceId: string,
  state: string,
  secrets: { verifier: string; nonce: string },
) {
  await store.updateInteraction(ctx.db, id, {
    upstream_source_id: sourceId,
    upstream_state_hash: lookupHash(state),
    upstream_secrets: await ctx.keyring.seal(JSON.stringify(secrets), 'oauth_interactions.upstream_secrets'),
  });
}

export async function upstreamSecrets(
  ctx: AppContext,
  interaction: Interaction,
): Promise<{ verifier: string; nonce: string } | undefined> {
  if (!interaction.upstream_secrets) return undefined;
  return JSON.parse(await ctx.keyring.open(interaction.upstream_secrets, 'oauth_interactions.upstream_secrets'));
}

export async function finishInteraction(ctx: AppContext, reply: FastifyReply, id: string): Promise<void> {
  await store.deleteInteraction(ctx.db, id);
  reply.clearCookie(cookieName(id), { path: COOKIE_PATH });
}
