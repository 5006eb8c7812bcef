import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { GraphKind } from '../tables.ts';

/** An integration as its grant depends on it. */
export type GrantedIntegration = {
  id: string;
  source_id: string;
  scope: 'all' | 'selected';
  targets: string[];
  permissions: string[];
};

/** A grant as `integration_grants` records it: the stream it reads, the kinds and field gates it reaches. */
export type StoredGrant = { stream: string; kinds: GraphKind[]; gates: number };

/**
 * Changes of one source's graph, and of the grants of its integrations, queue on one lock: a
 * change of grant then sees the source as the changes recorded before it left it.
 */
export async function lockSourceGraph(tx: Executor, sourceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`gatehouse.import.${sourceId}`}))`.execute(tx);
}

/** The revision tells a writer that planned outside this transaction that its plan is stale. */
export async function bumpRevision(tx: Executor, sourceId: string): Promise<void> {
  await sql`insert into graph_revisions (source_id, revision) values (${sourceId}, 1)
    on conflict (source_id) do update set revision = graph_revisions.revision + 1`.execute(tx);
}

/** The deletions of a change are recorded once its events are: their last values are no longer needed. */
export async function clearTombstones(tx: Executor, sourceId: string): Promise<void> {
  await tx.deleteFrom('graph_tombstones').where('source_id', '=', sourceId).execute();
}

/** The integration as its grant depends on it; none while it is requested and has no source yet. */
export function findGrantedIntegration(tx: Executor, integrationId: string): Promise<GrantedIntegration | undefined> {
  return tx
    .selectFrom('integrations')
    .select(['id', 'source_id', 'scope', 'targets', 'permissions'])
    .where('id', '=', integrationId)
    .where('source_id', 'is not', null)
    .$narrowType<{ source_id: string }>()
    .executeTakeFirst();
}

export async function grantInForce(tx: Executor, integrationId: string): Promise<StoredGrant | undefined> {
  const { rows } = await sql<StoredGrant>`
    select stream, kinds::text[] as kinds, gates from integration_grants
    where integration_id = ${integrationId} order by id desc limit 1`.execute(tx);
  return rows[0];
}

/** Starts a grant: changes of its stream recorded from now on belong to the integration's feed. */
export async function insertGrant(
  tx: Executor,
  integrationId: string,
  grant: StoredGrant & { viewId: string | null },
): Promise<void> {
  await sql`insert into integration_grants (id, integration_id, stream, kinds, gates)
    values (graph_event_id(), ${integrationId}, ${grant.stream}, ${`{${grant.kinds.join(',')}}`}::text[],
      ${grant.gates})`.execute(tx);
  await tx.updateTable('integrations').set({ view_id: grant.viewId }).where('id', '=', integrationId).execute();
}
