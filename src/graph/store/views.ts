import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { GRAPH_KINDS, type GraphKind } from '../tables.ts';
import { sharedRecords } from './visibility.ts';

/**
 * Shared views. An integration of scope `all` reads its source itself; integrations of scope
 * `selected` with the same targets share one view, materialised once in `view_records` (record
 * ids and the content hash last seen, every kind: permissions narrow at reading time). A view's
 * changes are recorded once, in `graph_changes` under the view's id, for every integration on it.
 */

/** The canonical form of a target list, which makes two equal sharings one view. */
const canonical = (targets: readonly string[]) => [...new Set(targets.map((id) => id.toLowerCase()))].sort();

/** The view of a source's `selected` sharing with these targets, made (and filled) the first time it is asked for. */
export async function viewFor(tx: Executor, sourceId: string, targets: readonly string[]): Promise<string> {
  const wanted = canonical(targets);
  const list = sql`string_to_array(${wanted.join(',')}, ',')::uuid[]`;
  const found = await sql<{ id: string }>`select id from views
    where source_id = ${sourceId} and targets = coalesce(${list}, '{}')`.execute(tx);
  if (found.rows[0]) return found.rows[0].id;
  const id = randomUUID();
  await sql`insert into views (id, source_id, targets) values (${id}, ${sourceId}, coalesce(${list}, '{}'))`.execute(
    tx,
  );
  for (const kind of GRAPH_KINDS)
    await sql`insert into view_records (view_id, kind, record_id, hash)
      select ${id}, ${kind}, w.id, w.hash
      from (${sharedRecords(kind, { sourceId, scope: 'selected', targets: wanted })}) w`.execute(tx);
  return id;
}

/** Views no integration uses any more; their recorded changes stay for the feeds that read them. */
export async function dropUnusedViews(tx: Executor, sourceId: string): Promise<void> {
  await sql`delete from views v where v.source_id = ${sourceId}
    and not exists (select 1 from integrations i where i.view_id = v.id)`.execute(tx);
}

/**
 * The version of a record a change of a view records: the live row for a record that entered or
 * changed; for one that left, the version the view last saw (the live row when unchanged, else
 * the tombstone the change left), null when none is left.
 */
function version(kind: GraphKind, sourceId: string): RawBuilder<unknown> {
  const table = sql.table(kind);
  const live = sql`(select to_jsonb(x) from ${table} x where x.id = d.record_id and x.hash = d.hash)`;
  const tombstone = sql`(select t.record from graph_tombstones t where t.source_id = ${sourceId} and t.kind = ${kind}
    and t.record_id = d.record_id and t.record->>'hash' = d.hash limit 1)`;
  return sql`case when d.type = 'deleted' then coalesce(${live}, ${tombstone}) else ${live} end`;
}

/**
 * Recomputes every view of a source after its data changed: what entered, changed in or left
 * each view is recorded once, in the view's stream, and the view takes its new state.
 */
export async function refreshViews(tx: Executor, sourceId: string): Promise<void> {
  const views = await sql<{ id: string; targets: string[] }>`select id, targets::text[] as targets from views
    where source_id = ${sourceId} order by id for update`.execute(tx);
  for (const view of views.rows) {
    const sharing = { sourceId, scope: 'selected' as const, targets: view.targets };
    for (const kind of GRAPH_KINDS) {
      const stored = sql`select record_id, hash from view_records where view_id = ${view.id} and kind = ${kind}`;
      await sql`with d as (
          select coalesce(w.id, o.record_id) as record_id, coalesce(w.hash, o.hash) as hash,
            case when o.record_id is null then 'created' when w.id is null then 'deleted' else 'updated' end as type
          from (${sharedRecords(kind, sharing)}) w full join (${stored}) o on o.record_id = w.id
          where w.id is null or o.record_id is null or w.hash <> o.hash
        ), logged as (
          insert into graph_changes (id, stream, kind, record_id, type, record)
          select graph_event_id(), ${view.id}, ${kind}, d.record_id, d.type, ${version(kind, sourceId)} from d
        ), gone as (
          delete from view_records r using d
          where d.type = 'deleted' and r.view_id = ${view.id} and r.kind = ${kind} and r.record_id = d.record_id
        )
        insert into view_records (view_id, kind, record_id, hash)
        select ${view.id}, ${kind}, d.record_id, d.hash from d where d.type <> 'deleted'
        on conflict (view_id, kind, record_id) do update set hash = excluded.hash`.execute(tx);
    }
  }
}
