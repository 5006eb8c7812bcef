import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { type Clause, DATE_OPS, ID_OPS } from '../../lib/filter.ts';
import { keyset } from '../../lib/listing.ts';
import type { Paging } from '../../lib/paging.ts';
import { filterConditions } from '../filters.ts';
import { type GraphFilter, iso } from '../models/model.ts';
import { gateConstants, type Viewer } from '../viewer.ts';

export const EVENT_FILTERS: Record<string, GraphFilter> = {
  id: { type: 'uuid', operators: ID_OPS },
  date: { type: 'date', operators: DATE_OPS },
  type: { type: 'text', operators: ID_OPS },
  target: { type: 'text', operators: ID_OPS },
  target_id: { type: 'uuid', operators: ID_OPS },
};

type Presented = { id: string; data: Record<string, unknown> };

const presented = sql`json_build_object('id', r.id, 'date', ${iso('date')},
  'type', r.type, 'target', r.target, 'target_id', r.target_id, 'integration_id', r.integration_id, 'materialization_id', null, 'data', r.data)`;

function events(viewer: Viewer, conditions: RawBuilder<boolean>[]) {
  return sql<Presented>`select r.id, ${presented} as data from events r
    where r.integration_id = ${viewer.integrationId}${conditions.length > 0 ? sql` and ${sql.join(conditions, sql` and `)}` : sql``}`;
}

/** A page of the integration's events in id (= time) order. */
export async function listEvents(
  db: Executor,
  viewer: Viewer,
  clauses: readonly Clause[],
  paging: Paging,
): Promise<Presented[]> {
  const page = keyset('r.id', paging);
  const conditions = [...filterConditions(EVENT_FILTERS, clauses, gateConstants(0)), page.bound];
  const { rows } =
    await sql<Presented>`${events(viewer, conditions)} order by ${page.order} limit ${page.limit}`.execute(db);
  return rows;
}

export async function fetchEvent(db: Executor, viewer: Viewer, id: string): Promise<Presented | undefined> {
  const { rows } = await events(viewer, [sql<boolean>`r.id = ${id}`]).execute(db);
  return rows[0];
}

/** Deletes events dated before `cutoff`; the feed keeps 30 days. */
export async function deleteEventsBefore(db: Executor, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('events').where('date', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Tombstones outlive their change only if the change never ran to its end (it then rolled back with them) or bypassed it. */
export async function deleteTombstonesBefore(db: Executor, cutoff: Date): Promise<void> {
  await db.deleteFrom('graph_tombstones').where('deleted_date', '<', cutoff).execute();
}
