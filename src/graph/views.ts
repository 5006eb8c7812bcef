import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { type ChangeRange, writeEvents } from './events/write.ts';
import { GRAPH_KINDS, type GraphKind } from './tables.ts';
import { KIND_PERMISSION, viewerOf } from './viewer.ts';
import { type Sharing, sharedRecords } from './visibility.ts';

/**
 * Each integration's view, materialised in `integration_records`: the records it may read (its
 * sharing, narrowed to the kinds its permissions reach), with the content hash and field gates
 * it saw them with. Recomputing is set-based: the wanted set is diffed against the stored one
 * into `view_changes` (with the new hash and gates, or for a record leaving the view the ones it
 * was last seen with), the differences become events, then the view takes the new state.
 */
export type ViewedIntegration = {
  id: string;
  source_id: string;
  scope: 'all' | 'selected';
  targets: string[];
  permissions: string[];
};

/** The ids of the records of a kind that a change may have touched (a query of one `id` column). */
export type Touched = (kind: GraphKind) => RawBuilder<unknown>;

/** Locks the integrations to recompute, so two transactions never recompute one view at once. */
export async function lockIntegrations(
  tx: Executor,
  by: { sourceId: string } | { integrationId: string },
): Promise<ViewedIntegration[]> {
  const query = tx
    .selectFrom('integrations')
    .select(['id', 'source_id', 'scope', 'targets', 'permissions'])
    .orderBy('id')
    .forUpdate();
  return 'sourceId' in by
    ? query.where('source_id', '=', by.sourceId).execute()
    : query.where('id', '=', by.integrationId).execute();
}

/**
 * Recomputes one integration's view and writes the events of what entered, changed in or left it.
 * With `touched`, a view of scope `all` is diffed on the touched records only: whether any other
 * record is shared, and as what, cannot have moved. (A `selected` view can: a new enrollment
 * shares its person.)
 */
export async function refreshView(tx: Executor, integration: ViewedIntegration, touched?: Touched): Promise<number> {
  const viewer = viewerOf(integration);
  const sharing: Sharing = { sourceId: integration.source_id, scope: integration.scope, targets: integration.targets };
  const narrow = integration.scope === 'all' ? touched : undefined;
  const ranges: ChangeRange[] = [];
  let total = 0;
  for (const kind of GRAPH_KINDS) {
    const readable = viewer.permissions.has(KIND_PERMISSION[kind]);
    const only = (id: RawBuilder<unknown>) => (narrow ? sql` and ${id} in (${narrow(kind)})` : sql``);
    const wanted = readable
      ? sql`select w.id, w.hash from (${sharedRecords(kind, sharing)}) w where true${only(sql`w.id`)}`
      : sql`select null::uuid as id, null::text as hash where false`;
    const gates = kind === 'people' ? viewer.gates : 0;
    const result = await sql`
      insert into view_changes (integration_id, ordinal, kind, record_id, type, hash, gates)
      select ${integration.id}, ${total} + row_number() over (order by d.record_id), ${kind}, d.record_id, d.type, d.hash, d.gates
      from (
        select coalesce(w.id, o.record_id) as record_id,
          case when o.record_id is null then 'created' when w.id is null then 'deleted' else 'updated' end as type,
          coalesce(w.hash, o.hash) as hash, case when w.id is null then o.gates else ${gates}::smallint end as gates
        from (${wanted}) w
        full join (select record_id, hash, gates from integration_records where integration_id = ${integration.id} and kind = ${kind}${only(sql`record_id`)}) o
          on o.record_id = w.id
        where w.id is null or o.record_id is null or w.hash <> o.hash or o.gates <> ${gates}::smallint
      ) d`.execute(tx);
    const count = Number(result.numAffectedRows ?? 0n);
    if (count > 0) ranges.push({ kind, first: total + 1, count });
    total += count;
  }
  if (total === 0) return 0;
  await writeEvents(tx, integration.id, integration.source_id, ranges);
  await applyChanges(tx, integration.id);
  return total;
}

/** The view takes its new state: records that left go, new ones enter, changed ones take their new hash and gates. */
async function applyChanges(tx: Executor, integrationId: string): Promise<void> {
  await sql`delete from integration_records r using view_changes c
    where c.integration_id = ${integrationId} and c.type = 'deleted'
      and r.integration_id = ${integrationId} and r.kind = c.kind and r.record_id = c.record_id`.execute(tx);
  await sql`insert into integration_records (integration_id, kind, record_id, hash, gates)
    select c.integration_id, c.kind, c.record_id, c.hash, c.gates from view_changes c
    where c.integration_id = ${integrationId} and c.type = 'created'`.execute(tx);
  await sql`update integration_records r set hash = c.hash, gates = c.gates from view_changes c
    where c.integration_id = ${integrationId} and c.type = 'updated'
      and r.integration_id = ${integrationId} and r.kind = c.kind and r.record_id = c.record_id`.execute(tx);
  await tx.deleteFrom('view_changes').where('integration_id', '=', integrationId).execute();
}
