import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import * as store from './store.ts';

export const DELIVER = 'webhook-deliver';

export type Topic =
  | 'integration.requested'
  | 'integration.approved'
  | 'integration.activated'
  | 'integration.disabled'
  | 'integration.token.rotated'
  | 'import.finished'
  | 'events.available'
  | 'connection.refresh_failed'
  | 'connection.reauth_required'
  | 'connection.refresh_recovered';

export type Message = { applicationId: string; integrationId: string | null; topic: Topic; data: object };

/**
 * Records a message for the application's endpoint in the caller's transaction, so it is sent
 * exactly when the change it speaks of is committed. An application without a webhook URL is
 * sent nothing. Ids are time-ordered, so the delivery log pages newest last.
 */
export async function publish(db: Executor, message: Message): Promise<void> {
  if ((await store.webhookUrl(db, message.applicationId)) === null) return;
  await store.insertDelivery(db, {
    id: uuidv7(),
    application_id: message.applicationId,
    integration_id: message.integrationId,
    topic: message.topic,
    payload: JSON.stringify(message.data),
    next_attempt_date: new Date(),
  });
}

/** Asks a worker to send what is due now, after the messages' transaction committed. */
export function wake(ctx: AppContext, startAfter?: Date): Promise<void> {
  return ctx.jobs.send(DELIVER, {}, startAfter ? { startAfter } : {});
}

/** What an application may know of its integration: never its token, targets or source data. */
export type IntegrationFacts = {
  id: string;
  application_id: string;
  team_id: string;
  status: string;
  permissions: string[];
  pending_permissions: string[] | null;
};

function integrationMessage(topic: Topic, integration: IntegrationFacts): Message {
  const { id, team_id, status, permissions, pending_permissions } = integration;
  return {
    applicationId: integration.application_id,
    integrationId: id,
    topic,
    data: { integration: { id, team_id, status, permissions, pending_permissions } },
  };
}

export function publishIntegration(db: Executor, topic: Topic, integration: IntegrationFacts) {
  return publish(db, integrationMessage(topic, integration));
}

/** `activated` when the integration went into service, `disabled` when it was switched off. */
export async function publishStatusChange(
  db: Executor,
  before: { status: string } | undefined,
  after: IntegrationFacts,
): Promise<void> {
  if (before?.status === after.status) return;
  if (after.status === 'active') await publishIntegration(db, 'integration.activated', after);
  if (after.status === 'disabled') await publishIntegration(db, 'integration.disabled', after);
}
