import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { writeGrantEvents } from './events/write.ts';
import { GRAPH_KINDS, type GraphKind } from './tables.ts';
import { KIND_PERMISSION, reachOf } from './viewer.ts';
import { dropUnusedViews, viewFor } from './views.ts';

/**
 * What an integration is granted, as its feed needs it: the stream of changes it reads (its
 * source's for scope `all`, its shared view's for `selected`), the kinds its permissions reach
 * and its field gates. Each change of grant is a row of `integration_grants`; a change recorded
 * in a stream belongs to the feed of every integration whose grant in force then reads it.
 */
export type Grant = { stream: string; viewId: string | null; kinds: GraphKind[]; gates: number };

export type GrantedIntegration = {
  id: string;
  source_id: string;
  scope: 'all' | 'selected';
  targets: string[];
  permissions: string[];
};

/** The grant an integration's row describes now (its view made when new). */
export async function grantOf(tx: Executor, integration: GrantedIntegration): Promise<Grant> {
  const reach = reachOf(integration.permissions);
  const viewId = integration.scope === 'all' ? null : await viewFor(tx, integration.source_id, integration.targets);
  const kinds = GRAPH_KINDS.filter((kind) => reach.permissions.has(KIND_PERMISSION[kind]));
  return { stream: viewId ?? integration.source_id, viewId, kinds, gates: reach.gates };
}

async function grantInForce(tx: Executor, integrationId: string, sourceId: string): Promise<Grant | undefined> {
  const { rows } = await sql<{ stream: string; kinds: GraphKind[]; gates: number }>`
    select stream, kinds::text[] as kinds, gates from integration_grants
    where integration_id = ${integrationId} order by id desc limit 1`.execute(tx);
  const row = rows[0];
  return row && { ...row, viewId: row.stream === sourceId ? null : row.stream };
}

/** Starts a grant: changes of its stream recorded from now on belong to the integration's feed. */
export async function recordGrant(tx: Executor, integrationId: string, grant: Grant): Promise<void> {
  await sql`insert into integration_grants (id, integration_id, stream, kinds, gates)
    values (graph_event_id(), ${integrationId}, ${grant.stream}, ${`{${grant.kinds.join(',')}}`}::text[], ${grant.gates})`.execute(
    tx,
  );
  await tx.updateTable('integrations').set({ view_id: grant.viewId }).where('id', '=', integrationId).execute();
}

/**
 * An integration was created or its permissions, scope or targets changed: the records that
 * entered, changed in (field gates) or left what it sees become events of its own, then the new
 * grant starts. What only the integration's grant changed is the one thing stored per integration.
 */
export async function regrant(tx: Executor, integration: GrantedIntegration): Promise<void> {
  const before = await grantInForce(tx, integration.id, integration.source_id);
  const after = await grantOf(tx, integration);
  const same =
    before &&
    before.stream === after.stream &&
    before.gates === after.gates &&
    before.kinds.join() === after.kinds.join();
  if (same) return;
  await writeGrantEvents(tx, integration, before, after);
  await recordGrant(tx, integration.id, after);
  await dropUnusedViews(tx, integration.source_id);
}
