import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { keyset } from '../../db/keyset.ts';
import type { Clause } from '../../lib/filter.ts';
import type { Paging } from '../../lib/paging.ts';
import { MODELS, type Model } from '../models/index.ts';
import type { GraphKind } from '../tables.ts';
import { KIND_PERMISSION, type Viewer } from '../viewer.ts';
import { filterConditions } from './filters.ts';
import { gateConstants, presenter } from './presenters.ts';
import { readAs } from './proof.ts';
import { sharedRecords } from './visibility.ts';

/**
 * Reading the graph as a viewer sees it: every query reads through the viewer's view, so what
 * is not shared is simply not there, in lists, nested lists, fetches and expansions alike.
 */
export type Presented = { id: string; data: Record<string, unknown> };

const readable = (viewer: Viewer, kind: GraphKind) => viewer.permissions.has(KIND_PERMISSION[kind]);

/**
 * The viewer's records of `model` as rows `r` and their presented `data`: the source's own
 * table for scope `all`, its shared view joined for `selected`; nothing of a kind its
 * permissions do not reach. `key` names the id column to page and look up by.
 */
function viewed(viewer: Viewer, model: Model): { rows: RawBuilder<Presented>; key: string } {
  const present = presenter(model, viewer.gates);
  if (!readable(viewer, model.kind))
    return { rows: sql`select r.id, null as data from ${sql.table(model.kind)} r where false`, key: 'r.id' };
  if (viewer.whole)
    return {
      rows: sql`select r.id, ${present} as data from ${sql.table(model.kind)} r where r.source_id = ${viewer.sourceId}`,
      key: 'r.id',
    };
  return {
    rows: sql`select r.id, ${present} as data
      from view_records v join ${sql.table(model.kind)} r on r.id = v.record_id
      where v.view_id = ${viewer.viewId} and v.kind = ${model.kind}`,
    key: 'v.record_id',
  };
}

/**
 * A shared view walked in id order, each record looked up as it comes. A top-level list pages
 * through the view and `$filter` narrows what it meets; the planner cannot estimate how much a
 * text filter keeps and otherwise scans the whole source's table first (10× slower on a
 * district). `offset 0` keeps the lookup from being flattened back into a join.
 */
function walked(viewer: Viewer, model: Model): { rows: RawBuilder<Presented>; key: string } {
  if (viewer.whole || !readable(viewer, model.kind)) return viewed(viewer, model);
  return {
    rows: sql`select r.id, ${presenter(model, viewer.gates)} as data
      from view_records v
      cross join lateral (select * from ${sql.table(model.kind)} t where t.id = v.record_id offset 0) r
      where v.view_id = ${viewer.viewId} and v.kind = ${model.kind}`,
    key: 'v.record_id',
  };
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
  const source = options.where ? viewed(viewer, model) : walked(viewer, model);
  const page = keyset(source.key, options.paging);
  const conditions = [
    ...(options.where ? [options.where] : []),
    ...filterConditions(model.filters, options.clauses, gateConstants(viewer.gates)),
    page.bound,
  ];
  // A whole source's page is cut before it is presented: without fresh statistics (the embedded
  // engine never gathers them by itself) the planner sorts the whole source, and presenting
  // every row before that sort costs a hundred times the page.
  const query =
    viewer.whole && readable(viewer, model.kind)
      ? sql<Presented>`select r.id, ${presenter(model, viewer.gates)} as data
        from (select r.* from ${sql.table(model.kind)} r where r.source_id = ${viewer.sourceId}${and(conditions)}
          order by ${page.order} limit ${page.limit}) r
        order by ${page.order}`
      : sql<Presented>`${source.rows}${and(conditions)} order by ${page.order} limit ${page.limit}`;
  return readAs(db, viewer, query, keyset('q.id', options.paging).order);
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
  const source = viewed(viewer, model);
  return readAs(db, viewer, sql<Presented>`${source.rows} and ${sql.ref(source.key)} in (${list})`);
}

/** Whether the record is in the viewer's view. */
export async function isShared(db: Executor, viewer: Viewer, kind: GraphKind, id: string): Promise<boolean> {
  const source = viewed(viewer, MODELS[kind]);
  const query = sql<{ id: string }>`select s.id from (${source.rows} and ${sql.ref(source.key)} = ${id}) s`;
  return (await readAs(db, viewer, query)).length > 0;
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
