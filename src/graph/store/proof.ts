import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { StaleViewer, type Viewer } from '../viewer.ts';

/**
 * The token check of a viewer not checked before its reads, as SQL: the token is the
 * integration's (or a rotated one within its grace), the integration is active now by its dates,
 * and its source, sharing and permissions are those the read was written for.
 */
function check(viewer: Viewer, proof: NonNullable<Viewer['proof']>): RawBuilder<boolean> {
  const hash = proof.tokenHash;
  return sql<boolean>`exists (select 1 from integrations i
    where i.id = ${viewer.integrationId} and i.source_id = ${viewer.sourceId}
      and (i.token_hash = ${hash} or exists (select 1 from integration_retired_tokens t
        where t.integration_id = i.id and t.token_hash = ${hash} and t.expires_date > now()))
      and i.requested_status = 'active' and (i.start_date is null or i.start_date <= now())
      and (i.end_date is null or i.end_date > now())
      and i.scope = ${viewer.whole ? 'all' : 'selected'} and i.view_id is not distinct from ${viewer.viewId}::uuid
      and i.permissions = ${JSON.stringify(proof.permissions)}::jsonb)`;
}

/**
 * Runs a read (rows with an `id`) as the viewer, in one statement: with the token check first
 * when the viewer carries a proof to make, the read running only if it holds. `order` orders
 * the rows again outside (alias `q`).
 */
export async function readAs<T extends { id: string }>(
  db: Executor,
  viewer: Viewer,
  query: RawBuilder<T>,
  order?: RawBuilder<unknown>,
): Promise<T[]> {
  if (!viewer.proof) return (await query.execute(db)).rows;
  const { rows } = await sql<T & { proven: boolean }>`select g.proven, q.*
    from (select ${check(viewer, viewer.proof)} as proven) g
    left join lateral (select * from (${query}) q0 where g.proven) q on true
    ${order ? sql`order by ${order}` : sql``}`.execute(db);
  if (!rows[0]?.proven) throw new StaleViewer();
  return rows.filter((row) => row.id !== null).map(({ proven: _proven, ...row }) => row as unknown as T);
}
