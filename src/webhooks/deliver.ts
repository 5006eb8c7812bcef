import type { AppContext } from '../context.ts';
import { activationFields } from '../integrations/activation.ts';
import { publicFetch } from '../lib/outbound.ts';
import { disableEndpoint, endpointOf, signingSecrets } from './endpoints.ts';
import { wake } from './publish.ts';
import { nextAttemptAfter } from './schedule.ts';
import { signatureHeader } from './signing.ts';
import * as store from './store.ts';

/** How long a claimed message is left to one worker before another may try it. */
const LEASE_SECONDS = 120;
const BATCH = 20;

/**
 * Sends every message due at `now`, each one attempt. `now` decides what is due and when each
 * failure is tried again; signatures carry the real time, as receivers check it against theirs.
 */
export async function deliverDue(ctx: AppContext, now = new Date()): Promise<number> {
  const ids = await store.claimDue(ctx.db, now, LEASE_SECONDS, BATCH);
  // Ids are time-ordered: the batch goes out oldest first.
  for (const id of ids.sort()) await attempt(ctx, id, now);
  return ids.length;
}

type Outcome = { status: number | null; error: string | null; latency: number };

async function attempt(ctx: AppContext, id: string, now: Date): Promise<void> {
  const delivery = (await store.findDelivery(ctx.db, id)) as store.DeliveryRow;
  const url = await store.webhookUrl(ctx.db, delivery.application_id);
  const outcome = url ? await send(ctx, delivery, url, now) : { status: null, error: 'no webhook URL', latency: 0 };
  const attempts = delivery.attempts + 1;
  const last = {
    attempts,
    last_attempt_date: now,
    last_status_code: outcome.status,
    last_latency_ms: outcome.latency,
    last_error: outcome.error,
  };
  if (outcome.error === null) {
    await store.updateDelivery(ctx.db, id, { ...last, state: 'succeeded', next_attempt_date: null });
    return;
  }
  const next = nextAttemptAfter(delivery.step, now);
  if (next) {
    await store.updateDelivery(ctx.db, id, { ...last, step: delivery.step + 1, next_attempt_date: next });
    await wake(ctx, next);
    return;
  }
  await ctx.db.transaction().execute(async (tx) => {
    await store.updateDelivery(tx, id, { ...last, state: 'failed', next_attempt_date: null });
    if (await store.deliveredSince(tx, delivery.application_id, delivery.created_date)) return;
    const reason =
      `Every delivery since ${delivery.created_date.toISOString()} failed; the last one (${delivery.topic}) ` +
      `after ${attempts} attempts: ${outcome.error}. Enable the endpoint again once it answers.`;
    await disableEndpoint(tx, { id: delivery.application_id, team_id: delivery.team_id }, reason, now);
  });
}

async function send(ctx: AppContext, delivery: store.DeliveryRow, url: string, now: Date): Promise<Outcome> {
  const secrets = await signingSecrets(ctx, await endpointOf(ctx, delivery.application_id), now);
  const activation =
    delivery.topic === 'integration.activated' && delivery.integration_id
      ? await activationFields(ctx.db, delivery.integration_id)
      : {};
  const body = JSON.stringify({
    type: delivery.topic,
    timestamp: delivery.created_date.toISOString(),
    data: { ...delivery.payload, ...activation },
  });
  const messageId = `msg_${delivery.id}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const init: RequestInit = {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Gatehouse-Webhooks',
      'webhook-id': messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(
        secrets.map((entry) => entry.secret),
        messageId,
        timestamp,
        body,
      ),
    },
    signal: AbortSignal.timeout(ctx.config.webhookTimeoutSeconds * 1000),
  };
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await (ctx.config.allowPrivateWebhooks ? fetch(url, init) : publicFetch(url, init));
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { status: response.status, error: ok ? null : `answered ${response.status}`, latency: latency() };
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : describe(error);
    return { status: null, error: reason, latency: latency() };
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return (cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
}
