import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { onSourceChanged } from '../../src/graph/changes.ts';
import { recordId } from '../../src/graph/ids.ts';
import type { GraphKind } from '../../src/graph/tables.ts';
import { runImport } from '../../src/roster-import/service.ts';
import { ok } from './api.ts';
import type { TestApp } from './app.ts';
import { type GrantOptions, type GraphFixture, grantBody } from './factories.ts';

export { buildGraph, type GrantOptions } from './factories.ts';

/** A Graph API call with an integration access token; `json()` parses the envelope. */
export function graphGet(t: TestApp, token: string | undefined, url: string) {
  return t.call({
    method: 'GET',
    url: url.startsWith('http') ? url.replace(/^https?:\/\/[^/]+/, '') : `/api/v2/graph${url}`,
    ...(token ? { token } : {}),
  });
}

/** `$data` of a successful Graph API call. */
export async function graphData(t: TestApp, token: string, url: string) {
  const response = await graphGet(t, token, url);
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return response.json().$data;
}

/** Every record of a list, following `$next` from `url`. */
export async function graphAll(t: TestApp, token: string, url: string): Promise<any[]> {
  const items: any[] = [];
  let next: string | undefined = url;
  while (next) {
    const response = await graphGet(t, token, next);
    assert.equal(response.statusCode, 200, `${next}: ${response.body}`);
    const body = response.json();
    items.push(...body.$data);
    next = body.$next;
  }
  return items;
}

/** Imports a OneRoster export into the source and insists it succeeded. */
export async function importInto(t: TestApp, sourceId: string, path: string) {
  const summary = await runImport(t.ctx, sourceId, path);
  assert.equal(summary.state, 'succeeded', JSON.stringify(summary.errors));
  return summary;
}

/** Changes the integration's grant through the management API. */
export function regrant(t: TestApp, setup: GraphFixture, options: GrantOptions) {
  const body = { ...grantBody(options), ...(options.scope === 'all' ? { targets: [] } : {}) };
  return ok(t, 'PATCH', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token, body);
}

/**
 * Hand-built graph rows for tests that need exact values: each row names its kind, its source
 * id (`sourced_id`) and columns; ids come from `recordId`. The views are recomputed as an import would.
 */
export async function insertGraph(
  t: TestApp,
  sourceId: string,
  rows: Array<{ kind: GraphKind; sourced: string; values?: Record<string, unknown> }>,
) {
  await t.ctx.db.transaction().execute(async (tx) => {
    for (const { kind, sourced, values = {} } of rows) {
      const record = { id: recordId(sourceId, kind, sourced), source_id: sourceId, sourced_id: sourced, ...values };
      const columns = Object.keys(record);
      const cells = Object.values(record).map((value) =>
        value !== null && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value,
      );
      await sql`insert into ${sql.table(kind)} (${sql.join(columns.map((column) => sql.ref(column)))}, hash)
        values (${sql.join(cells)}, md5(${JSON.stringify(record)}))`.execute(tx);
    }
    await onSourceChanged(tx, sourceId);
  });
}

export const idOf = (sourceId: string, kind: GraphKind, sourced: string) => recordId(sourceId, kind, sourced);
