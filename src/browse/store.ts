import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { type Sharing, sharedRecords } from '../graph/store/visibility.ts';
import { GRAPH_KINDS, type GraphKind } from '../graph/tables.ts';

/** How many records of each kind a sharing reaches, in one statement. */
export async function countShared(db: Executor, sharing: Sharing): Promise<Record<GraphKind, number>> {
  const counts = GRAPH_KINDS.map(
    (kind) => sql`${sql.lit(kind)}, (select count(*)::int from (${sharedRecords(kind, sharing)}) s)`,
  );
  const { rows } = await sql<{ counts: Record<GraphKind, number> }>`
    select json_build_object(${sql.join(counts)}) as counts`.execute(db);
  return rows[0]!.counts;
}
