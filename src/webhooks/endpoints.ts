import { type Actor, recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { newSigningSecret } from './signing.ts';
import * as store from './store.ts';

const SECRET = 'webhook_endpoints.secret';
const PREVIOUS = 'webhook_endpoints.previous_secret';

export type Endpoint = Awaited<ReturnType<typeof store.ensureEndpoint>>;

/** The application's endpoint, made with a first signing secret when it has none yet. */
export async function endpointOf(ctx: AppContext, applicationId: string): Promise<Endpoint> {
  const found = await store.findEndpoint(ctx.db, applicationId);
  if (found) return found;
  const secret = await ctx.keyring.seal(newSigningSecret(), SECRET);
  return store.ensureEndpoint(ctx.db, { application_id: applicationId, secret });
}

/** The secrets that sign at `now`: the current one, and the one it replaced while the overlap lasts. */
export async function signingSecrets(ctx: AppContext, endpoint: Endpoint, now: Date) {
  const current = { secret: await ctx.keyring.open(endpoint.secret, SECRET), expires_date: null as Date | null };
  const expires = endpoint.previous_expires_date;
  if (!endpoint.previous_secret || !expires || expires <= now) return [current];
  return [current, { secret: await ctx.keyring.open(endpoint.previous_secret, PREVIOUS), expires_date: expires }];
}

/**
 * A new signing secret. The replaced one keeps signing beside it for `overlapSeconds`, so a
 * receiver can switch over without refusing a message; a secret replaced before that is dropped.
 */
export async function rotateSigningSecret(
  ctx: AppContext,
  actor: Actor,
  application: { id: string; team_id: string },
  overlapSeconds: number,
) {
  const endpoint = await endpointOf(ctx, application.id);
  const previous = await ctx.keyring.open(endpoint.secret, SECRET);
  const now = new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await store.updateEndpoint(tx, application.id, {
      secret: await ctx.keyring.seal(newSigningSecret(), SECRET),
      previous_secret: overlapSeconds > 0 ? await ctx.keyring.seal(previous, PREVIOUS) : null,
      previous_expires_date: overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null,
    });
    await audit(tx, actor, application, 'webhooks.secret_rotated', { overlap_seconds: overlapSeconds });
    return updated;
  });
}

/** Deliveries resume: what waited while the endpoint was off is sent, oldest first. */
export async function enableEndpoint(ctx: AppContext, actor: Actor, application: { id: string; team_id: string }) {
  await endpointOf(ctx, application.id);
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await store.updateEndpoint(tx, application.id, { disabled_date: null, disabled_reason: null });
    await audit(tx, actor, application, 'webhooks.enabled', {});
    return updated;
  });
}

/** Switches the endpoint off with the reason shown to the developer, and says so in the team's audit log. */
export async function disableEndpoint(
  db: Executor,
  application: { id: string; team_id: string },
  reason: string,
  now: Date,
): Promise<void> {
  await store.updateEndpoint(db, application.id, { disabled_date: now, disabled_reason: reason });
  await audit(db, { type: 'system', id: null }, application, 'webhooks.disabled', { reason });
}

function audit(
  db: Executor,
  actor: Actor,
  application: { id: string; team_id: string },
  action: string,
  after: Record<string, unknown>,
) {
  return recordAudit(db, {
    teamId: application.team_id,
    actor,
    action,
    target: { type: 'application', id: application.id },
    after,
  });
}
