import { type RawBuilder, sql } from 'kysely';
import { v7 } from 'uuid';
import type { Executor } from '../../db/connection.ts';
import { MODELS } from '../models/index.ts';
import type { GraphKind } from '../tables.ts';
import { gateColumns } from '../viewer.ts';

/** Ordinals `first … first + count - 1` of `view_changes` hold changes of `kind`. */
export type ChangeRange = { kind: GraphKind; first: number; count: number };

/** Ids are made here (UUIDv7: id order is time order, which the feed pages by) and sent in chunks. */
const CHUNK = 5000;

/**
 * The version of each change's record an event presents (alias `r`, null when none is left): for
 * a record that entered or changed, the live row; for one that left, the version it was last
 * seen in (the live row when unchanged, else the tombstone the change left).
 */
function versions(kind: GraphKind, sourceId: string, deleted: boolean): RawBuilder<unknown> {
  const table = sql.table(kind);
  if (!deleted) return sql`left join ${table} r on r.id = c.record_id and r.hash = c.hash`;
  return sql`left join lateral (
      select x.*, 0 as rank from ${table} x where x.id = c.record_id and x.hash = c.hash
      union all
      select (jsonb_populate_record(null::${table}, t.record)).*, 1 as rank from graph_tombstones t
      where t.source_id = ${sourceId} and t.kind = ${kind} and t.record_id = c.record_id and t.record->>'hash' = c.hash
      order by rank limit 1
    ) r on true`;
}

/**
 * One event per row of `view_changes`, its `data` the record as the integration sees it: with
 * the new gates, or for a record that left, with the gates it was seen with.
 */
export async function writeEvents(
  tx: Executor,
  integrationId: string,
  sourceId: string,
  ranges: ChangeRange[],
): Promise<void> {
  for (const { kind, first, count } of ranges) {
    const model = MODELS[kind];
    for (let offset = first - 1; offset < first - 1 + count; offset += CHUNK) {
      const size = Math.min(CHUNK, first - 1 + count - offset);
      const ids = Array.from({ length: size }, () => v7()).join(',');
      // Entered and changed records join their row; only those that left need the lateral search.
      for (const deleted of [false, true]) {
        await sql`
          insert into events (id, integration_id, type, target, target_id, data)
          select (string_to_array(${ids}, ',')::uuid[])[c.ordinal - ${offset}], c.integration_id, c.type, ${model.target}, c.record_id,
            case when r.id is null then json_build_object('id', c.record_id) else ${model.present(gateColumns(sql`c.gates`))} end
          from view_changes c ${versions(kind, sourceId, deleted)}
          where c.integration_id = ${integrationId} and c.ordinal > ${offset} and c.ordinal <= ${offset + size}
            and (c.type = 'deleted') = ${sql.lit(deleted)}`.execute(tx);
      }
    }
  }
}
