import { type Actor, recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { type Endpoint, endpointOf, signingSecrets } from './endpoints.ts';
import { presentDelivery, presentEndpoint } from './presenters.ts';
import { wake } from './publish.ts';
import * as store from './store.ts';

/** The endpoint as its developers see it: where messages go and the secrets that sign them now. */
export async function endpointView(ctx: AppContext, applicationId: string, endpoint?: Endpoint) {
  const found = endpoint ?? (await endpointOf(ctx, applicationId));
  const secrets = await signingSecrets(ctx, found, new Date());
  return presentEndpoint(found, await store.webhookUrl(ctx.db, applicationId), secrets);
}

/** Sends a message again from the start of the schedule, with the same `webhook-id`. */
export async function redeliver(ctx: AppContext, actor: Actor, delivery: store.DeliveryRow) {
  await ctx.db.transaction().execute(async (tx) => {
    await store.updateDelivery(tx, delivery.id, { state: 'pending', step: 0, next_attempt_date: new Date() });
    await recordAudit(tx, {
      teamId: delivery.team_id,
      actor,
      action: 'webhooks.redelivered',
      target: { type: 'application', id: delivery.application_id },
      after: { delivery_id: delivery.id, topic: delivery.topic },
    });
  });
  await wake(ctx);
  return presentDelivery((await store.findDelivery(ctx.db, delivery.id)) as store.DeliveryRow);
}
