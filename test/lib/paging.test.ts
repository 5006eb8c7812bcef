import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { ApiError } from '../../src/lib/errors.ts';
import { nextLink, parsePaging, settlePage, withoutCursorParams } from '../../src/lib/paging.ts';

const KEY = randomBytes(32);
const LAST = '0b7e3f7a-4f1e-4c55-9a57-2c1f8f0e6d11';
const NOW = Date.parse('2026-12-03T10:00:00Z');

/** The cursor of the page after one ending at LAST, for a first request with `query`. */
function cursorOf(query: Record<string, string>, key = KEY, now = NOW): string {
  const link = nextLink('https://gh.example', '/api/v2/graph/people', parsePaging(query, key, now), LAST, now);
  return new URL(link).searchParams.get('$cursor') as string;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.code;
  }
  assert.fail('expected a refusal');
}

describe('paging', () => {
  test('a cursor carries the query, direction, bound and size of the first request', () => {
    const paging = parsePaging({ $cursor: cursorOf({ $first: '25', $filter: 'x', $expand: 'school' }) }, KEY, NOW);
    assert.deepEqual(
      { size: paging.size, direction: paging.direction, bound: paging.bound, params: paging.params },
      { size: 25, direction: 'forward', bound: LAST, params: { $filter: 'x', $expand: 'school' } },
    );
  });

  test('a cursor whose size, expiry or parameters were edited, or signed by another server, is refused', () => {
    const cursor = cursorOf({ $first: '10' });
    const [body, signature] = cursor.split('.') as [string, string];
    const data = JSON.parse(Buffer.from(body, 'base64url').toString());
    const edit = (changes: object) =>
      `${Buffer.from(JSON.stringify({ ...data, ...changes })).toString('base64url')}.${signature}`;
    for (const forged of [
      edit({ n: 10_000 }),
      edit({ x: NOW + 365 * 24 * 3600 * 1000 }),
      edit({ q: { $expand: 'school' } }),
      body,
      `${body}.`,
      `${body}.${signature}.${signature}`,
      cursorOf({ $first: '10' }, randomBytes(32)),
    ])
      assert.equal(
        refusal(() => parsePaging({ $cursor: forged }, KEY, NOW)),
        'INVALID_CURSOR',
        forged,
      );
    assert.equal(
      refusal(() => parsePaging({ $cursor: cursor }, KEY, NOW + 3 * 3600 * 1000)),
      'INVALID_CURSOR',
    );
  });

  test('parameters are taken out of a cursor by signing it again; one that does not verify stays as it was', () => {
    const cursor = cursorOf({ $expand: 'school', $filter: 'x' });
    const stripped = withoutCursorParams(cursor, ['$expand'], KEY, NOW);
    assert.deepEqual(parsePaging({ $cursor: stripped }, KEY, NOW).params, { $filter: 'x' });
    assert.equal(withoutCursorParams('not-a-cursor', ['$expand'], KEY, NOW), 'not-a-cursor');
  });

  test('sizes, bounds and repeated parameters are checked', () => {
    assert.equal(
      refusal(() => parsePaging({ $first: '0' }, KEY)),
      'INVALID_PAGE_SIZE',
    );
    assert.equal(
      refusal(() => parsePaging({ $first: '10001' }, KEY)),
      'INVALID_PAGE_SIZE',
    );
    assert.equal(
      refusal(() => parsePaging({ $after: 'x' }, KEY)),
      'INVALID_UUID',
    );
    assert.equal(
      refusal(() => parsePaging({ $first: '1', $last: '1' }, KEY)),
      'BAD_REQUEST',
    );
    assert.equal(
      refusal(() => parsePaging({ $first: ['1', '2'] }, KEY)),
      'BAD_REQUEST',
    );
    const backward = parsePaging({ $before: LAST.toUpperCase() }, KEY);
    assert.deepEqual([backward.direction, backward.bound, backward.size], ['backward', LAST, 100]);
  });

  test('a page fetched backward is answered ascending, with whether more rows lie past it', () => {
    const rows = ['c', 'b', 'a'].map((id) => ({ id }));
    const page = settlePage(rows, { ...parsePaging({ $last: '2' }, KEY) });
    assert.deepEqual(page, { items: [{ id: 'b' }, { id: 'c' }], more: true, last: 'b' });
  });
});
