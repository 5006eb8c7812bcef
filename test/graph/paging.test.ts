import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { onSourceChanged } from '../../src/graph/changes.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, graphGet } from '../helpers/graph.ts';

const COUNT = 10_050;

/** Keyset paging over more than 10,000 records: every record exactly once, whatever the page size and direction. */
describe('paging', () => {
  let t: TestApp;
  let token: string;
  let all: string[];
  before(async () => {
    t = await createTestApp();
    const setup = await buildGraph(t, { permissions: ['people:read'] });
    token = setup.token;
    await t.ctx.db.transaction().execute(async (tx) => {
      await sql`insert into people (id, source_id, sourced_id, hash, first_name)
        select md5(${setup.sourceId} || i)::uuid, ${setup.sourceId}, 'p' || i, md5('p' || i), 'Person ' || i
        from generate_series(1, ${COUNT}) i`.execute(tx);
      await onSourceChanged(tx, setup.sourceId);
    });
    const { rows } = await sql<{
      id: string;
    }>`select id from people where source_id = ${setup.sourceId} order by id`.execute(t.ctx.db);
    all = rows.map((row) => row.id);
  });
  after(() => t.close());

  /** Follows `$next` from `url`, page by page, checking each page's size and order. */
  async function follow(url: string, size: number) {
    const pages: string[][] = [];
    let next: string | undefined = url;
    while (next) {
      const response = await graphGet(t, token, next);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      const ids = body.$data.map((person: { id: string }) => person.id);
      assert.deepEqual(ids, [...ids].sort(), 'a page is in id order');
      assert.ok(ids.length === size || !body.$next, 'only the last page is short');
      if (body.$next)
        assert.match(body.$next, /^http:\/\/gatehouse\.test\/api\/v2\/graph\/people\?\$cursor=[\w-]+\.[\w-]+$/);
      pages.push(ids);
      next = body.$next;
    }
    return pages;
  }

  test('$first=1 forward, through $next', async () => {
    const forward = (await follow('/people?$first=1', 1)).flat();
    assert.equal(forward.length, COUNT);
    assert.deepEqual(forward, all);
  });

  // Backward paging one record at a time would double the 10,000
  // requests above on the embedded engine; 7 covers the same steps.
  for (const size of [7, 10_000]) {
    test(`$first=${size} forward and $last=${size} backward, through $next`, async () => {
      const forward = (await follow(`/people?$first=${size}`, size)).flat();
      assert.equal(forward.length, COUNT);
      assert.deepEqual(forward, all);
      const backward = (await follow(`/people?$last=${size}`, size)).reverse().flat();
      assert.deepEqual(backward, all);
    });
  }

  test('$after and $before page by hand, and the default page is 100', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await graphGet(t, token, `/people?$first=997${after ? `&$after=${after}` : ''}`)).json().$data;
      if (page.length === 0) break;
      seen.push(...page.map((person: { id: string }) => person.id));
      after = page.at(-1).id;
    }
    assert.deepEqual(seen, all);
    const before = (await graphGet(t, token, `/people?$last=3&$before=${all[10]}`))
      .json()
      .$data.map((person: { id: string }) => person.id);
    assert.deepEqual(before, all.slice(7, 10));
    const first = (await graphGet(t, token, '/people')).json();
    assert.equal(first.$data.length, 100);
    assert.ok(first.$next);
  });
});
