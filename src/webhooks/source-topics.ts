import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { KIND_PERMISSION } from '../graph/viewer.ts';
import { inService } from '../integrations/status.ts';
import { permissionNames } from '../permissions/catalog.ts';
import { publish, wake } from './publish.ts';
import * as store from './store.ts';

type Counts = { created: number; updated: number; deleted: number };
type Finished = { id: string; state: string; changes: Record<string, Counts> | null; finished_date: string | null };

/** Integrations of the source an application may hear about now: only those in service. */
async function listeners(db: Executor, sourceId: string) {
  const now = new Date();
  return (await store.integrationsOfSource(db, sourceId)).filter((row) => inService(row, now));
}

/**
 * Counts of the kinds the integration may read, and only for one that shares the whole source:
 * a `selected` integration's counts would tell of records it does not see.
 */
function countsFor(integration: { scope: string; permissions: string[] }, changes: Finished['changes']) {
  if (integration.scope !== 'all' || !changes) return null;
  const granted = permissionNames(integration.permissions);
  return Object.fromEntries(
    Object.entries(changes).filter(([kind]) => granted.has(KIND_PERMISSION[kind as keyof typeof KIND_PERMISSION])),
  );
}

/**
 * After an import: `import.finished` (its outcome and, where allowed, counts; never data), and
 * `events.available` where the feed may have grown. Events of one integration batch into the
 * message not sent yet, if there is one.
 */
export async function publishImportFinished(ctx: AppContext, sourceId: string, finished: Finished): Promise<void> {
  const changed = Object.values(finished.changes ?? {}).some(
    (counts) => counts.created + counts.updated + counts.deleted,
  );
  for (const integration of await listeners(ctx.db, sourceId)) {
    const base = { applicationId: integration.application_id, integrationId: integration.id };
    const counts = countsFor(integration, finished.changes);
    const summary = { id: finished.id, state: finished.state, finished_date: finished.finished_date, counts };
    await publish(ctx.db, {
      ...base,
      topic: 'import.finished',
      data: { integration_id: integration.id, import: summary },
    });
    if (changed) await publishEventsWaiting(ctx.db, integration);
  }
  await wake(ctx);
}

type Reader = Parameters<typeof inService>[0] & { id: string; application_id: string; permissions: string[] };

/**
 * `events.available` for an integration in service that reads its feed, unless a message saying
 * so is still waiting: new entries join that one, so a receiver is told once per batch.
 */
export async function publishEventsWaiting(db: Executor, integration: Reader): Promise<void> {
  if (!inService(integration, new Date())) return;
  if (!permissionNames(integration.permissions).has('events:read')) return;
  if (await store.pendingEventsMessage(db, integration.id)) return;
  await publish(db, {
    applicationId: integration.application_id,
    integrationId: integration.id,
    topic: 'events.available',
    data: { integration_id: integration.id },
  });
}

/** A source's connection to its provider changed state: each application using the source is told. */
export async function publishConnectionState(
  db: Executor,
  sourceId: string,
  state: 'refresh_failed' | 'reauth_required' | 'refresh_recovered',
): Promise<void> {
  for (const integration of await listeners(db, sourceId)) {
    await publish(db, {
      applicationId: integration.application_id,
      integrationId: integration.id,
      topic: `connection.${state}`,
      data: { integration_id: integration.id, connection: { state } },
    });
  }
}
