import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { MODELS } from '../models/index.ts';
import { GRAPH_KINDS, type GraphKind } from '../tables.ts';
import { gateColumns, present } from './presenters.ts';

/** One side of a change of grant: where the integration reads, which kinds, with which field gates. */
type Side = { viewId: string | null; kinds: readonly GraphKind[]; gates: number };

const gatesOf = (side: Side | undefined, kind: GraphKind) => (side && kind === 'people' ? side.gates : 0);

/** The ids of a kind's records one side of a grant sees. */
function members(side: Side | undefined, sourceId: string, kind: GraphKind): RawBuilder<{ id: string }> {
  if (!side?.kinds.includes(kind)) return sql`select null::uuid as id where false`;
  if (side.viewId)
    return sql`select record_id as id from view_records where view_id = ${side.viewId} and kind = ${kind}`;
  return sql`select id from ${sql.table(kind)} where source_id = ${sourceId}`;
}

/** Whether the kind looks the same on both sides, which spares comparing its records. */
function unchanged(before: Side | undefined, after: Side, kind: GraphKind): boolean {
  const reads = (side: Side | undefined) => side?.kinds.includes(kind) ?? false;
  if (!reads(before) && !reads(after)) return true;
  return (
    reads(before) && reads(after) && before?.viewId === after.viewId && gatesOf(before, kind) === gatesOf(after, kind)
  );
}

/**
 * One event per record that enters, changes in (its field gates) or leaves what an integration
 * sees when its grant changes, its `data` the record as the integration sees it: with the new
 * gates, or for a record that left, with the gates it was seen with. Views are current, so the
 * live row is the version both sides see.
 */
export async function writeGrantEvents(
  tx: Executor,
  integration: { id: string; source_id: string },
  before: Side | undefined,
  after: Side,
): Promise<void> {
  for (const kind of GRAPH_KINDS) {
    if (unchanged(before, after, kind)) continue;
    const model = MODELS[kind];
    const [old, now] = [gatesOf(before, kind), gatesOf(after, kind)];
    await sql`
      insert into events (id, integration_id, type, target, target_id, data)
      select graph_event_id(), ${integration.id}, d.type, ${model.target}, d.id,
        ${present(model, gateColumns(sql`d.gates`))}
      from (
        select coalesce(n.id, o.id) as id,
          case when o.id is null then 'created' when n.id is null then 'deleted' else 'updated' end as type,
          case when n.id is null then ${old}::smallint else ${now}::smallint end as gates
        from (${members(after, integration.source_id, kind)}) n
        full join (${members(before, integration.source_id, kind)}) o on o.id = n.id
        where n.id is null or o.id is null or ${old}::smallint <> ${now}::smallint
        order by 1
      ) d join ${sql.table(kind)} r on r.id = d.id`.execute(tx);
  }
}
