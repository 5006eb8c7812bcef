import type { Executor } from '../db/connection.ts';
import { regrant } from './grants.ts';
import { bumpRevision, clearTombstones, findGrantedIntegration, lockSourceGraph } from './store/grants.ts';
import { dropUnusedViews, refreshViews } from './store/views.ts';

/**
 * Where the graph's changes are recorded, inside the transaction that changed the data, so the
 * events exist exactly when the change does. Changes of a source's records are recorded once,
 * by triggers, for the integrations of scope `all`; its shared views are recomputed here.
 */

/** A source's graph data changed (an import merged). */
export async function onSourceChanged(tx: Executor, sourceId: string): Promise<void> {
  await lockSourceGraph(tx, sourceId);
  await bumpRevision(tx, sourceId);
  // Integrations also go with their application, which leaves their views unused.
  await dropUnusedViews(tx, sourceId);
  await refreshViews(tx, sourceId);
  await clearTombstones(tx, sourceId);
}

/**
 * One integration's permissions, scope or targets changed, or it was created. A requested
 * integration without a source yet is granted nothing, so there is nothing to record.
 */
export async function onIntegrationChanged(tx: Executor, integrationId: string): Promise<void> {
  const integration = await findGrantedIntegration(tx, integrationId);
  if (!integration) return;
  await lockSourceGraph(tx, integration.source_id);
  await regrant(tx, integration);
}

/** An integration is gone: a view it alone used goes too. */
export async function onIntegrationDeleted(tx: Executor, sourceId: string): Promise<void> {
  await lockSourceGraph(tx, sourceId);
  await dropUnusedViews(tx, sourceId);
}
