import type { Executor } from '../db/connection.ts';
import { lockIntegrations, refreshView } from './views.ts';

/**
 * Where integrations' views are recomputed and their events written. Called inside the
 * transaction that changed the data, so the events exist exactly when the change does.
 */

/** A source's graph data changed (an import merged): every integration of the source. */
export async function onSourceChanged(tx: Executor, sourceId: string): Promise<void> {
  for (const integration of await lockIntegrations(tx, { sourceId })) await refreshView(tx, integration);
  // The deletions of this change have become events; their last values are no longer needed.
  await tx.deleteFrom('graph_tombstones').where('source_id', '=', sourceId).execute();
}

/** One integration's permissions, scope or targets changed, or it was created. */
export async function onIntegrationChanged(tx: Executor, integrationId: string): Promise<void> {
  for (const integration of await lockIntegrations(tx, { integrationId })) await refreshView(tx, integration);
}
