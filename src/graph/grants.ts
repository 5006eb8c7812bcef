import type { Executor } from '../db/connection.ts';
import { writeGrantEvents } from './store/event-writes.ts';
import { type GrantedIntegration, grantInForce, insertGrant } from './store/grants.ts';
import { dropUnusedViews, viewFor } from './store/views.ts';
import { GRAPH_KINDS, type GraphKind } from './tables.ts';
import { KIND_PERMISSION, reachOf } from './viewer.ts';

/**
 * What an integration is granted, as its feed needs it: the stream of changes it reads (its
 * source's for scope `all`, its shared view's for `selected`), the kinds its permissions reach
 * and its field gates. Each change of grant is a row of `integration_grants`; a change recorded
 * in a stream belongs to the feed of every integration whose grant in force then reads it.
 */
export type Grant = { stream: string; viewId: string | null; kinds: GraphKind[]; gates: number };

/** The grant an integration's row describes now (its view made when new). */
export async function grantOf(tx: Executor, integration: GrantedIntegration): Promise<Grant> {
  const reach = reachOf(integration.permissions);
  const viewId = integration.scope === 'all' ? null : await viewFor(tx, integration.source_id, integration.targets);
  const kinds = GRAPH_KINDS.filter((kind) => reach.permissions.has(KIND_PERMISSION[kind]));
  return { stream: viewId ?? integration.source_id, viewId, kinds, gates: reach.gates };
}

/**
 * An integration was created or its permissions, scope or targets changed: the records that
 * entered, changed in (field gates) or left what it sees become events of its own, then the new
 * grant starts. What only the integration's grant changed is the one thing stored per integration.
 */
export async function regrant(tx: Executor, integration: GrantedIntegration): Promise<void> {
  const stored = await grantInForce(tx, integration.id);
  const before = stored && { ...stored, viewId: stored.stream === integration.source_id ? null : stored.stream };
  const after = await grantOf(tx, integration);
  const same =
    before &&
    before.stream === after.stream &&
    before.gates === after.gates &&
    before.kinds.join() === after.kinds.join();
  if (same) return;
  await writeGrantEvents(tx, integration, before, after);
  await insertGrant(tx, integration.id, after);
  await dropUnusedViews(tx, integration.source_id);
}
