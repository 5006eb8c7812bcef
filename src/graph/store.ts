import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import type { Clause } from '../lib/filter.ts';
import { keyset } from '../lib/listing.ts';
import type { Paging } from '../lib/paging.ts';
import { filterConditions } from './filters.ts';
import type { Model } from './models/index.ts';
import type { GraphKind } from './tables.ts';
import { gateConstants, type Viewer } from './viewer.ts';
import { sharedRecords } from './visibility.ts';

/**
 * Reading the graph as a viewer sees it: every query joins the viewer's materialised view, so
 * what is not shared is simply not there, in lists, nested lists, fetches and expansions alike.
 */
export type Presented = { id: string; data: Record<string, unknown> };

/** Presenters are built once per model and gate mask, not per request. */
const presenters = new Map<string, RawBuilder<unknown>>();
function presenter(model: Model, gates: number): RawBuilder<unknown> {
  const key = `${model.kind}:${gates}`;
  let built = presenters.get(key);
  if (!built) {
    built = model.present(gateConstants(gates));
    presenters.set(key, built);
  }
  return built;
}

function viewed(viewer: Viewer, model: Model) {
  return sql`select r.id, ${presenter(model, viewer.gates)} as data
    from integration_records v join ${sql.table(model.kind)} r on r.id = v.record_id
    where v.integration_id = ${viewer.integrationId} and v.kind = ${model.kind}`;
}

/**
 * The view walked in id order, each record looked up as it comes. A top-level list pages
 * through the view and `$filter` narrows what it meets; the planner cannot estimate how much a
 * text filter keeps and otherwise scans the whole source's table first (10× slower on a
 * district). `offset 0` keeps the lookup from being flattened back into a join.
 */
function walked(viewer: Viewer, model: Model) {
  return sql`select r.id, ${presenter(model, viewer.gates)} as data
    from integration_records v cross join lateral (select * from ${sql.table(model.kind)} t where t.id = v.record_id offset 0) r
    where v.integration_id = ${viewer.integrationId} and v.kind = ${model.kind}`;
}

const and = (conditions: RawBuilder<boolean>[]) =>
  conditions.length === 0 ? sql`` : sql` and ${sql.join(conditions, sql` and `)}`;

/**
 * One page (plus one row, to tell whether more follow) of the viewer's records of `model`,
 * narrowed by `where` and `$filter`. A nested list's `where` is selective and the planner knows
 * it, so it drives that query through the join.
 */
export async function listRecords(
  db: Executor,
  viewer: Viewer,
  model: Model,
  options: { where?: RawBuilder<boolean> | undefined; clauses: readonly Clause[]; paging: Paging },
): Promise<Presented[]> {
  const page = keyset('v.record_id', options.paging);
  const conditions = [
    ...(options.where ? [options.where] : []),
    ...filterConditions(model.filters, options.clauses, gateConstants(viewer.gates)),
    page.bound,
  ];
  const source = options.where ? viewed(viewer, model) : walked(viewer, model);
  const { rows } = await sql<Presented>`${source}${and(conditions)} order by ${page.order} limit ${page.limit}`.execute(
    db,
  );
  return rows;
}

/** The viewer's records of `model` among `ids` (those not shared are simply missing). */
export async function fetchRecords(
  db: Executor,
  viewer: Viewer,
  model: Model,
  ids: readonly string[],
): Promise<Presented[]> {
  if (ids.length === 0) return [];
  const list = sql.join(ids.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<Presented>`${viewed(viewer, model)} and v.record_id in (${list})`.execute(db);
  return rows;
}

/** Whether the record is in the viewer's view. */
export async function isShared(db: Executor, viewer: Viewer, kind: GraphKind, id: string): Promise<boolean> {
  const found = await db
    .selectFrom('integration_records')
    .select('record_id')
    .where('integration_id', '=', viewer.integrationId)
    .where('kind', '=', kind)
    .where('record_id', '=', id)
    .executeTakeFirst();
  return found !== undefined;
}

/**
 * Whether an integration's sharing reaches a person. The sharing rules alone decide, not the
 * integration's read permissions: an integration granted only `sso` still signs its people in.
 */
export async function personShared(
  db: Executor,
  integration: { source_id: string; scope: 'all' | 'selected'; targets: string[] },
  personId: string,
): Promise<boolean> {
  const sharing = { sourceId: integration.source_id, scope: integration.scope, targets: integration.targets };
  const { rows } = await sql`select 1 from (${sharedRecords('people', sharing)}) s where s.id = ${personId}`.execute(
    db,
  );
  return rows.length > 0;
}
