import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { type GrantedIntegration, regrant } from './grants.ts';
import { dropUnusedViews, refreshViews } from './views.ts';

/**
 * Where the graph's changes are recorded, inside the transaction that changed the data, so the
 * events exist exactly when the change does. Changes of a source's records are recorded once,
 * by triggers, for the integrations of scope `all`; its shared views are recomputed here.
 */

/**
 * Changes of one source's graph, and of the grants of its integrations, queue on one lock: a
 * change of grant then sees the source as the changes recorded before it left it.
 */
export async function lockSourceGraph(tx: Executor, sourceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`gatehouse.import.${sourceId}`}))`.execute(tx);
}

/** A source's graph data changed (an import merged). */
export async function onSourceChanged(tx: Executor, sourceId: string): Promise<void> {
  await lockSourceGraph(tx, sourceId);
  // The revision tells a writer that planned outside this transaction that its plan is stale.
  await sql`insert into graph_revisions (source_id, revision) values (${sourceId}, 1)
    on conflict (source_id) do update set revision = graph_revisions.revision + 1`.execute(tx);
  // Integrations also go with their application, which leaves their views unused.
  await dropUnusedViews(tx, sourceId);
  await refreshViews(tx, sourceId);
  // The deletions of this change are recorded; their last values are no longer needed.
  await tx.deleteFrom('graph_tombstones').where('source_id', '=', sourceId).execute();
}

/**
 * One integration's permissions, scope or targets changed, or it was created. A requested
 * integration without a source yet is granted nothing, so there is nothing to record.
 */
export async function onIntegrationChanged(tx: Executor, integrationId: string): Promise<void> {
  const row = await tx
    .selectFrom('integrations')
    .select(['id', 'source_id', 'scope', 'targets', 'permissions'])
    .where('id', '=', integrationId)
    .where('source_id', 'is not', null)
    .$narrowType<{ source_id: string }>()
    .executeTakeFirst();
  if (!row) return;
  await lockSourceGraph(tx, row.source_id);
  await regrant(tx, row satisfies GrantedIntegration);
}

/** An integration is gone: a view it alone used goes too. */
export async function onIntegrationDeleted(tx: Executor, sourceId: string): Promise<void> {
  await lockSourceGraph(tx, sourceId);
  await dropUnusedViews(tx, sourceId);
}
