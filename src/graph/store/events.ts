import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { keyset } from '../../db/keyset.ts';
import { type Clause, DATE_OPS, ID_OPS } from '../../lib/filter.ts';
import type { Paging } from '../../lib/paging.ts';
import { MODELS } from '../models/index.ts';
import type { GraphFilter } from '../models/model.ts';
import { GRAPH_KINDS } from '../tables.ts';
import type { Viewer } from '../viewer.ts';
import { filterConditions } from './filters.ts';
import { gateColumns, gateConstants, present } from './presenters.ts';
import { readAs } from './proof.ts';

export const EVENT_FILTERS: Record<string, GraphFilter> = {
  id: { type: 'uuid', operators: ID_OPS },
  date: { type: 'date', operators: DATE_OPS },
  type: { type: 'text', operators: ID_OPS },
  target: { type: 'text', operators: ID_OPS },
  target_id: { type: 'uuid', operators: ID_OPS },
};

type Presented = { id: string; data: Record<string, unknown> };

/**
 * An integration's feed, derived: the events of its own changes of grant (`events`), and the
 * changes recorded once in the streams it read (`graph_changes`: its source's, or its shared
 * view's), each within the time its grant read that stream and of a kind the grant reached.
 * A page is chosen on ids alone, then presented: a change's record with the grant's field gates.
 */
const TARGET = sql.raw(
  `case c.kind ${GRAPH_KINDS.map((kind) => `when '${kind}' then '${MODELS[kind].target}'`).join(' ')} end`,
);
const LAST = sql`'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid`;

function page(viewer: Viewer, conditions: RawBuilder<boolean>[], order: RawBuilder<unknown>, limit: number) {
  const where = sql.join(conditions, sql` and `);
  const own = sql`select * from (select e.id, e.date, e.type, e.target, e.target_id, e.data,
      null::jsonb as record, null::text as kind, 0::smallint as gates from events e
    where e.integration_id = ${viewer.integrationId}) r where ${where} order by ${order} limit ${limit}`;
  const next = sql`coalesce((select n.id from integration_grants n
    where n.integration_id = g.integration_id and n.id > g.id order by n.id limit 1), ${LAST})`;
  const streamed = sql`select x.* from integration_grants g cross join lateral (
      select * from (select c.id, c.date, c.type, ${TARGET} as target, c.record_id as target_id, null::json as data,
          c.record, c.kind, g.gates from graph_changes c
        where c.stream = g.stream and c.id > g.id and c.id < ${next} and c.kind = any(g.kinds)) r
      where ${where} order by ${order} limit ${limit}) x
    where g.integration_id = ${viewer.integrationId}`;
  return sql`select * from ((${own}) union all (${streamed})) r order by ${order} limit ${limit}`;
}

/** A change's record as the grant saw it; a record no version was left of shows its id alone. */
const PRESENTED_RECORD = sql.join(
  GRAPH_KINDS.map(
    (kind) => sql`when ${kind} then (select ${present(MODELS[kind], gateColumns(sql`p.gates`))}
      from jsonb_populate_record(null::${sql.table(kind)}, p.record) r)`,
  ),
  sql` `,
);

function presented(viewer: Viewer, chosen: RawBuilder<unknown>, order: RawBuilder<unknown>) {
  const data = sql`coalesce(p.data, case when p.record is null then json_build_object('id', p.target_id)
    else case p.kind ${PRESENTED_RECORD} end end)`;
  return sql<Presented>`select p.id, json_build_object('id', p.id,
      'date', to_char(p.date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'type', p.type, 'target', p.target, 'target_id', p.target_id, 'integration_id', ${viewer.integrationId}::uuid,
      'materialization_id', null, 'data', ${data}) as data
    from (${chosen}) p order by ${order}`;
}

/** A page of the integration's events in id (= time) order. */
export async function listEvents(
  db: Executor,
  viewer: Viewer,
  clauses: readonly Clause[],
  paging: Paging,
): Promise<Presented[]> {
  const bounds = keyset('r.id', paging);
  const conditions = [...filterConditions(EVENT_FILTERS, clauses, gateConstants(0)), bounds.bound];
  const chosen = page(viewer, conditions, bounds.order, bounds.limit);
  return readAs(db, viewer, presented(viewer, chosen, keyset('p.id', paging).order), keyset('q.id', paging).order);
}

export async function fetchEvent(db: Executor, viewer: Viewer, id: string): Promise<Presented | undefined> {
  const chosen = page(viewer, [sql<boolean>`r.id = ${id}`], sql`r.id`, 1);
  const [found] = await readAs(db, viewer, presented(viewer, chosen, sql`p.id`));
  return found;
}

/**
 * Deletes events and recorded changes dated before `cutoff`, and grants superseded before it; the feed keeps 30 days.
 */
export async function deleteEventsBefore(db: Executor, cutoff: Date): Promise<number> {
  const own = await db.deleteFrom('events').where('date', '<', cutoff).executeTakeFirst();
  const streamed = await db.deleteFrom('graph_changes').where('date', '<', cutoff).executeTakeFirst();
  await sql`delete from integration_grants g where exists (select 1 from integration_grants n
    where n.integration_id = g.integration_id and n.id > g.id and n.date < ${cutoff})`.execute(db);
  return Number(own.numDeletedRows) + Number(streamed.numDeletedRows);
}

/**
 * Tombstones outlive their change only if the change never ran
 * to its end (it then rolled back with them) or bypassed it.
 */
export async function deleteTombstonesBefore(db: Executor, cutoff: Date): Promise<void> {
  await db.deleteFrom('graph_tombstones').where('deleted_date', '<', cutoff).execute();
}
