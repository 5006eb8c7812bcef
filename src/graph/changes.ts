import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { lockIntegrations, refreshView, type Touched } from './views.ts';

/**
 * Where integrations' views are recomputed and their events written. Called inside the
 * transaction that changed the data, so the events exist exactly when the change does.
 */

/**
 * A source's graph data changed (an import merged): every integration of the source. A writer
 * that knows which records it may have changed says so (`touched`), which spares recomputing
 * the whole view of integrations whose view cannot move otherwise (scope `all`).
 */
export async function onSourceChanged(tx: Executor, sourceId: string, touched?: Touched): Promise<void> {
  // The revision tells a writer that planned outside this transaction that its plan is stale.
  await sql`insert into graph_revisions (source_id, revision) values (${sourceId}, 1)
    on conflict (source_id) do update set revision = graph_revisions.revision + 1`.execute(tx);
  for (const integration of await lockIntegrations(tx, { sourceId })) await refreshView(tx, integration, touched);
  // The deletions of this change have become events; their last values are no longer needed.
  await tx.deleteFrom('graph_tombstones').where('source_id', '=', sourceId).execute();
}

/** One integration's permissions, scope or targets changed, or it was created. */
export async function onIntegrationChanged(tx: Executor, integrationId: string): Promise<void> {
  for (const integration of await lockIntegrations(tx, { integrationId })) await refreshView(tx, integration);
}
