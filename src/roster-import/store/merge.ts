import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { onSourceChanged } from '../../graph/changes.ts';
import { lockSourceGraph } from '../../graph/store/grants.ts';
import type { GraphKind } from '../../graph/tables.ts';
import type { Changes } from '../tables.ts';
import { graphRevision, KINDS, plan } from './plan.ts';
import type { ImportScope } from './references.ts';
import { recordColumns } from './staging.ts';

const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

/**
 * Inserts the planned new records and rewrites the changed ones; `updated_date` moves only then, `created_date` never.
 */
async function write(scope: ImportScope, kind: GraphKind): Promise<{ created: number; updated: number }> {
  const columns = ((await recordColumns(scope.db)).get(kind) ?? []).map((column) => column.name);
  const planned = scope.staged(`${kind}_w`);
  const created = await sql`
    insert into ${sql.table(kind)} (${sql.join(columns.map((column) => sql.id(column)))}, hash)
    select ${sql.join(columns.map((column) => sql.ref(`w.${column}`)))}, w.hash
    from ${planned} w where not w.stored`.execute(scope.db);
  const assign = columns
    .filter((column) => column !== 'id')
    .map((column) => sql`${sql.id(column)} = ${sql.ref(`w.${column}`)}`);
  const updated = await sql`
    update ${sql.table(kind)} g set ${sql.join(assign)}, hash = w.hash, updated_date = now()
    from ${planned} w where w.stored and g.id = w.id`.execute(scope.db);
  return { created: affected(created), updated: affected(updated) };
}

async function remove(scope: ImportScope, kind: GraphKind): Promise<number> {
  const result = await sql`
    delete from ${sql.table(kind)} g using ${scope.staged('deletions')} d
    where d.kind = ${kind} and g.id = d.id and g.source_id = ${scope.sourceId}`.execute(scope.db);
  return affected(result);
}

/**
 * Applies the plan (plan.ts) to the graph in one transaction, then lets the graph feature
 * record its changes, then records the outcome (`finish`), so the graph, the
 * events and the history change together or not at all. Merges of one source queue on an
 * advisory lock: two imports never interleave their writes, and one that finds the source
 * changed since it planned (another import merged meanwhile) plans again first.
 */
export async function merge(
  scope: ImportScope,
  revision: number,
  finish: (tx: Executor, changes: Record<string, Changes>) => Promise<void>,
): Promise<Record<string, Changes>> {
  return scope.db.transaction().execute(async (tx) => {
    const inTx: ImportScope = { ...scope, db: tx };
    await lockSourceGraph(tx, scope.sourceId);
    if ((await graphRevision(tx, scope.sourceId)) !== revision) await plan(inTx);
    const changes: Record<string, Changes> = {};
    for (const kind of KINDS) changes[kind] = { ...(await write(inTx, kind)), deleted: await remove(inTx, kind) };
    // Sections go only with their class, and are reported only when classes or people went.
    if ((changes.classes?.deleted ?? 0) + (changes.people?.deleted ?? 0) > 0)
      changes.sections = { created: 0, updated: 0, deleted: await remove(inTx, 'sections') };
    const changed = Object.values(changes).some((change) => change.created + change.updated + change.deleted > 0);
    if (changed) await onSourceChanged(tx, scope.sourceId);
    await finish(tx, changes);
    return changes;
  });
}
