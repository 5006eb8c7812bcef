import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRandom, type Random } from '../../src/demo/random.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, graphData, graphGet, idOf, insertGraph } from '../helpers/graph.ts';

const QUERIES = 5000;

const LISTS = [
  '/districts',
  '/schools',
  '/sessions',
  '/courses',
  '/classes',
  '/sections',
  '/people',
  '/enrollments',
  '/agents',
  '/events',
];
const OPERATORS = [
  'equals',
  'starts with',
  'contains',
  'in',
  'not in',
  'is known',
  'is unknown',
  'gt',
  'gte',
  'lt',
  'lte',
];

/** Thousands of generated malformed queries: each answers 4xx with `$errors`, none 5xx. */
describe('malformed Graph API queries', () => {
  let t: TestApp;
  let token: string;
  let ids: Record<string, string>;
  let cursor: string;
  before(async () => {
    t = await createTestApp();
    const setup = await buildGraph(t);
    token = setup.token;
    await insertGraph(t, setup.sourceId, [
      { kind: 'schools', sourced: 'sc', values: { name: 'School' } },
      { kind: 'people', sourced: 'p', values: { first_name: 'Pat' } },
      { kind: 'people', sourced: 'q', values: { first_name: 'Quinn' } },
    ]);
    ids = { school: idOf(setup.sourceId, 'schools', 'sc'), person: idOf(setup.sourceId, 'people', 'p') };
    const first = await graphGet(t, token, '/people?$first=1');
    cursor = new URL(first.json().$next).searchParams.get('$cursor') as string;
    assert.ok((await graphData(t, token, '/people')).length === 2);
  });
  after(() => t.close());

  /** One malformed part: a bad filter, page size, cursor, bound, id or repeated parameter. */
  function malformed(r: Random): { path: string; query: string[] } {
    const list = r.pick(LISTS);
    const field = r.pick([
      'id',
      'first_name',
      'name',
      'updated_date',
      'email',
      'state',
      'shoe_size',
      '__proto__',
      'constructor',
      '',
    ]);
    // Not 'is known' or 'is unknown': they take no value, so a clause of a known field with any value is well-formed.
    const operator = r.pick([
      ...OPERATORS.filter((name) => !name.startsWith('is ')),
      'like',
      'EQUALS',
      '',
      'in ',
      'regex',
    ]);
    const text = r.pick([
      'x',
      '',
      'a,b',
      '\u0000',
      '%',
      "'; drop table people; --",
      '0000',
      '2024-13-45',
      'ü∂',
      'x'.repeat(5000),
    ]);
    const badJson = [
      '{',
      '[',
      'null',
      '42',
      '"text"',
      '[{"first_name":[]}]',
      `{"${field}":"${operator}"}`,
      `{"${field}":[{"operator":"${operator}","value":${r.pick(['1', 'null', '[1]', '{}', 'true', '"\\u0000"'])}}]}`,
      `{"id":[{"operator":"equals","value":"${text}"}]}`,
      `{"updated_date":[{"operator":"${r.pick(['gt', 'lt', 'equals'])}",` +
        `"value":"${r.pick(['yesterday', '2024-02-30', '99999-01-01', ''])}"}]}`,
      `{"first_name":[{"operator":"in","value":[${r.pick(['', '1', '"a",2', 'null'])}]}]}`,
      `{"first_name":[{"value":"x"}]}`,
      `{"shoe_size":[{"operator":"equals","value":"9"}]}`,
      `{"first_name":[{"operator":"gt","value":"a"}]}`,
      `{"first_name":[${Array.from({ length: 101 }, () => '{"operator":"is known"}').join(',')}]}`,
      `{"id":[{"operator":"in","value":"${Array.from({ length: 1001 }, () => ids.person).join(',')}"}]}`,
    ];
    const size = r.pick([
      '0',
      '-1',
      '10001',
      '99999999999999999999',
      '1.5',
      '1e3',
      'abc',
      '',
      ' 5',
      '0x10',
      'NaN',
      'Infinity',
    ]);
    const badCursor = r.pick([
      'abc',
      '',
      '!!!',
      Buffer.from('{"v":1}').toString('base64url'),
      Buffer.from(JSON.stringify({ v: 1, q: {}, d: 'f', k: ids.person, n: 5, x: 1 })).toString('base64url'),
      Buffer.from(
        JSON.stringify({ v: 1, q: { $filter: '{' }, d: 'f', k: ids.person, n: 5, x: Date.now() + 60_000 }),
      ).toString('base64url'),
      `${cursor.slice(0, -3)}xyz`,
      cursor.split('').reverse().join(''),
    ]);
    // Not '..': a URL resolves that dot segment before any route sees it (`/schools/../classes` is `/classes`).
    const notUuid = r.pick([
      '1',
      'abc',
      '00000000-0000-0000-0000-00000000000g',
      `${ids.person}x`,
      '%20',
      'null',
      '...',
      'x'.repeat(600),
    ]);
    const kinds = [
      () => ({ path: list, query: [`$filter=${encodeURIComponent(r.pick(badJson))}`] }),
      () => ({ path: list, query: [`${r.pick(['$first', '$last'])}=${encodeURIComponent(size)}`] }),
      () => ({ path: list, query: [`$cursor=${encodeURIComponent(badCursor)}`] }),
      () => ({ path: list, query: [`${r.pick(['$after', '$before'])}=${encodeURIComponent(notUuid)}`] }),
      () => ({ path: `${r.pick(LISTS)}/${encodeURIComponent(notUuid)}`, query: [] }),
      () => ({
        path: `/schools/${encodeURIComponent(notUuid)}/${r.pick(['classes', 'people', 'teachers'])}`,
        query: [],
      }),
      () => ({
        path: list,
        query: [
          r.pick([
            '$first=1&$first=2',
            '$filter=%7B%7D&$filter=%7B%7D',
            '$cursor=a&$cursor=b',
            '$first=2&$last=2',
            '$after=a&$before=b',
          ]),
        ],
      }),
    ];
    const chosen = r.pick(kinds)();
    // Noise that is valid or merely warned about, so the malformed part is not alone.
    const noise = r.pick(['', 'limit=1', '$expand=nonsense', '$fields=id,bogus', '$properties=a,b', 'unknown=%00']);
    return { path: chosen.path, query: noise ? [...chosen.query, noise] : chosen.query };
  }

  test(`${QUERIES} generated malformed queries answer 4xx with $errors, never 5xx`, async () => {
    const r = createRandom(20_261_125, 'graph-fuzz');
    const statuses = new Map<number, number>();
    for (let index = 0; index < QUERIES; index++) {
      const { path, query } = malformed(r);
      const url = `${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
      const response = await graphGet(t, token, url);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `#${index} ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`,
      );
      const body = response.json();
      assert.ok(
        Array.isArray(body.$errors) && body.$errors.length > 0 && typeof body.$errors[0].message === 'string',
        `#${index} ${url}: ${response.body}`,
      );
    }
    assert.ok((statuses.get(400) ?? 0) > QUERIES / 2, JSON.stringify([...statuses]));
  });
});
