import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createRandom } from '../../src/demo/random.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration, ok } from '../helpers/integrations.ts';

type Request = { method: string; url: string; payload?: string; headers?: Record<string, string> };

const NOT_UUIDS = [
  'abc',
  '1',
  '00000000-0000-0000-0000-00000000000g',
  'null',
  '%27%20or%201%3D1--',
  'x'.repeat(400),
  '%F0%9F%98%80',
  '..%2F..%2Fetc',
];
const MALFORMED_JSON = ['{', '{"name":', '{"name": "x",}', "{'name': 'x'}", '[1,2', 'nul', '{"a":1}{"b":2}', '\u0000'];
const NOT_OBJECTS = ['[]', '"text"', '42', 'null', 'true', '[{"name":"x"}]'];
const WRONG_VALUES: unknown[] = [12345, true, null, [], {}, 'not-a-uuid', -1, 1e308, 'x'.repeat(20_000), { $gt: '' }];
const UUID = '00000000-0000-4000-8000-000000000000';
/**
 * Values of the right JSON type that a careless server still
 * trips on: NUL, sizes, dates a date cannot hold, number limits.
 */
const EXTREMES: Record<string, unknown[]> = {
  string: [
    '',
    ' ',
    'a\u0000b',
    'x'.repeat(200_000),
    '\u{1F600}\u202E',
    '2024-12-31T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    UUID,
    'javascript:alert(1)',
    '../../etc/passwd',
  ],
  array: [[], ['a\u0000'], Array.from({ length: 20_000 }, () => UUID), [UUID, UUID], [''], [null]],
  integer: [0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 0.5],
  number: [0, -1, 2 ** 31, 1e308, -1e308, 0.5],
  boolean: [true, false],
  object: [{}, { a: { b: { c: { d: 'e' } } } }],
};
const BAD_PAGING = [
  '$first=0',
  '$first=-5',
  '$first=10001',
  '$first=abc',
  '$first=1e3',
  '$after=nope',
  '$cursor=garbage',
  '$cursor=eyJ2IjoxfQ',
  '$first=1&$first=2',
  '$last=0',
];

/** The JSON types a body field's schema allows (through `anyOf` for nullable ones). */
const typesOf = (schema: { type?: string | string[]; anyOf?: Array<{ type?: string }> } | undefined): string[] =>
  [schema?.type ?? [], ...(schema?.anyOf ?? []).map((option) => option.type ?? [])]
    .flat()
    .filter((type) => type !== 'null');

/** Every operation of the management API with a body schema or path parameters, from the generated OpenAPI document. */
async function operations(t: TestApp) {
  const document = (await t.call({ method: 'GET', url: '/docs/json' })).json();
  const found: Array<{
    method: string;
    path: string;
    paged: boolean;
    body: Record<string, { type?: string }> | undefined;
  }> = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries<any>(methods)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (!schema && !path.includes('{')) continue;
      const paged = (operation.parameters ?? []).some((parameter: { name: string }) => parameter.name === '$first');
      found.push({ method: method.toUpperCase(), path, paged, body: schema?.properties ?? (schema ? {} : undefined) });
    }
  }
  return found;
}

/**
 * Snapshot of every row of every table, to prove refused requests wrote nothing. When a credential
 * was last used is bookkeeping, written at most once a minute whatever the answer: a slow run would
 * see it move.
 */
async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(t.ctx.db);
  const result: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{
      digest: string | null;
    }>`select md5(string_agg(r, '|' order by r)) as digest
      from (select (to_jsonb(t) - 'last_used_date')::text as r from ${sql.table(name)} t) s`.execute(t.ctx.db);
    result[name] = row.rows[0]?.digest ?? 'empty';
  }
  return result;
}

describe('bad input to the management API', () => {
  let t: TestApp;
  let token: string;
  let ids: Record<string, string>;
  before(async () => {
    t = await createTestApp();
    const setup = await buildIntegration(t);
    token = setup.organization.token;
    const entity = await ok(t, 'POST', `/api/v1/teams/${setup.organization.team.id}/entities`, token, {
      name: 'North District',
      kind: 'district',
    });
    ids = {
      team_id: setup.organization.team.id,
      source_id: setup.organization.source.id,
      integration_id: setup.integration.id,
      entity_id: entity.id,
      application_id: setup.developer.application.id,
      user_id: setup.organization.user.id,
    };
    token = setup.organization.token;
  });
  after(() => t.close());

  const fill = (path: string, override?: [string, string]) =>
    path.replace(/\{(\w+)\}/g, (_match, name: string) =>
      override && override[0] === name ? override[1] : (ids[name] ?? '00000000-0000-4000-8000-000000000000'),
    );

  /** At least 1,000 requests, each wrong in one way. */
  async function malformedRequests(): Promise<Request[]> {
    const next = createRandom(20261125, 'bad-input').next;
    const requests: Request[] = [];
    for (const { method, path, paged, body } of await operations(t)) {
      for (const name of path.match(/\{(\w+)\}/g)?.map((part) => part.slice(1, -1)) ?? []) {
        for (const bad of NOT_UUIDS)
          requests.push({ method, url: fill(path, [name, bad]), ...(body ? { payload: '{}' } : {}) });
      }
      if (paged) for (const query of BAD_PAGING) requests.push({ method, url: `${fill(path)}?${query}` });
      if (!body) continue;
      const url = fill(path);
      for (const text of [...MALFORMED_JSON, ...NOT_OBJECTS]) requests.push({ method, url, payload: text });
      requests.push({ method, url, payload: JSON.stringify({ unexpected_field: 1 }) });
      requests.push({ method, url, payload: JSON.stringify({ padding: 'x'.repeat(1_100_000) }) });
      requests.push({ method, url, payload: '<xml/>', headers: { 'content-type': 'application/xml' } });
      for (const field of Object.keys(body)) {
        for (const value of WRONG_VALUES) {
          if (body[field]?.type === undefined && value === null) continue;
          requests.push({
            method,
            url,
            payload: JSON.stringify({ [field]: value, [`unknown_${Math.floor(next() * 1e6)}`]: value }),
          });
        }
      }
    }
    return requests;
  }

  test('malformed JSON, wrong types, unknown fields or ids, huge bodies: 4xx, $errors, nothing written', async () => {
    const requests = await malformedRequests();
    assert.ok(requests.length >= 1000, `only ${requests.length} requests generated`);
    const before = await snapshot(t);
    const failures: string[] = [];
    for (const request of requests) {
      const response = await t.call({
        method: request.method as 'GET',
        url: request.url,
        token,
        headers: { 'content-type': 'application/json', ...request.headers },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const body = response.body ? JSON.parse(response.body) : {};
      if (
        response.statusCode < 400 ||
        response.statusCode >= 500 ||
        !Array.isArray(body.$errors) ||
        !body.$errors[0]?.message
      ) {
        failures.push(
          `${request.method} ${request.url.slice(0, 120)} ${request.payload?.slice(0, 80)} → ` +
            `${response.statusCode} ${response.body.slice(0, 160)}`,
        );
      }
      assert.ok(!/at .+\.ts:\d+/.test(response.body), 'no stack trace');
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await snapshot(t), before);
  });

  test('errors name the problem', async () => {
    const url = `/api/v1/teams/${ids.team_id}/sources`;
    const cases: Array<[string, RegExp]> = [
      ['{"name": ', /not valid JSON/],
      ['{"name":"x","provider":"oneroster","colour":"red"}', /unknown field 'colour'/],
      ['{"name":42,"provider":"oneroster"}', /body\.name must be string/],
      ['{"name":"x"}', /missing the required field 'provider'/],
      ['{"name":"x","provider":"nothing"}', /unknown provider 'nothing'/],
      [
        '{"name":"x","provider":"oneroster","state":"on"}',
        /body\.state must be one of: inactive, active, error, disabled/,
      ],
    ];
    for (const [payload, message] of cases) {
      const response = await t.call({
        method: 'POST',
        url,
        token,
        payload,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400, payload);
      assert.match(response.json().$errors[0].message, message);
    }
    const notUuid = await t.call({ method: 'GET', url: '/api/v1/sources/12', token });
    assert.equal(notUuid.json().$errors[0].code, 'INVALID_UUID');
    assert.match(notUuid.json().$errors[0].message, /parameter 'source_id'/);
    const overlong = await t.call({ method: 'GET', url: `/api/v1/sources/${'x'.repeat(600)}?a=1`, token });
    assert.equal(overlong.statusCode, 414);
    assert.deepEqual(overlong.json().$errors[0], {
      code: 'URI_TOO_LONG',
      message: 'A path segment of the URL is too long.',
    });
    const undecodable = await t.call({ method: 'GET', url: '/api/v1/sources/%E0%A4%A', token });
    assert.equal(undecodable.statusCode, 400);
    assert.equal(undecodable.json().$errors[0].message, 'The URL is not validly percent-encoded.');
    const huge = await t.call({
      method: 'POST',
      url,
      token,
      payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(huge.statusCode, 413);
  });

  test('a NUL character, which no text column can store, is a 400 naming where it is, on every surface', async () => {
    const before = await snapshot(t);
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases: Array<[string, string, string | undefined, Record<string, string>, string]> = [
      [
        'POST',
        `/api/v1/teams/${ids.team_id}/sources`,
        '{"name":"a\\u0000b","provider":"oneroster"}',
        json,
        'body.name',
      ],
      ['PATCH', `/api/v1/applications/${ids.application_id}`, '{"description":"\\u0000"}', json, 'body.description'],
      [
        'POST',
        '/login/oauth2/token',
        'grant_type=refresh_token&refresh_token=a%00&client_id=abc&client_secret=x',
        form,
        'body.refresh_token',
      ],
      [
        'GET',
        '/login/oauth2/auth?client_id=%00&response_type=code&redirect_uri=https://x',
        undefined,
        {},
        'querystring.client_id',
      ],
      [
        'POST',
        '/api/authentication/token',
        '{"grant_type":"authorization_code","code":"a\\u0000","client_id":"x","client_secret":"y"}',
        json,
        'body.code',
      ],
    ];
    for (const [method, url, payload, headers, where] of cases) {
      const response = await t.call({
        method: method as 'GET',
        url,
        token,
        headers,
        ...(payload === undefined ? {} : { payload }),
      });
      assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
      const body = response.json();
      const message = body.$errors?.[0]?.message ?? body.error_description;
      assert.equal(message, `${where} holds a NUL character (U+0000), which no text can store`, `${method} ${url}`);
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test('RFC 3339 dates a date cannot hold (a leap second, the year 0000) are a 400 naming the field', async () => {
    const before = await snapshot(t);
    for (const value of ['2024-12-31T23:59:60Z', '0000-01-01T00:00:00Z']) {
      const response = await t.call({
        method: 'PATCH',
        url: `/api/v1/integrations/${ids.integration_id}`,
        token,
        payload: JSON.stringify({ end_date: value }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400, value);
      assert.deepEqual(response.json().$errors[0], {
        code: 'INVALID_REQUEST_BODY',
        message: 'body.end_date must match format "date-time"',
      });
    }
    assert.deepEqual(await snapshot(t), before);
  });

  test('right-typed values at limits (NUL, 200 kB texts, 20,000 ids, leap seconds, huge numbers): no 5xx', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const { method, path, body } of await operations(t)) {
      if (!body || method === 'DELETE') continue;
      for (const [field, schema] of Object.entries(body)) {
        for (const value of typesOf(schema as never).flatMap((type) => EXTREMES[type] ?? [])) {
          const response = await t.call({
            method: method as 'GET',
            url: fill(path),
            token,
            payload: JSON.stringify({ [field]: value }),
            headers: { 'content-type': 'application/json' },
          });
          sent++;
          if (response.statusCode >= 500 || (response.statusCode >= 400 && !response.json().$errors?.[0]?.message)) {
            failures.push(
              `${method} ${path} ${field}=${JSON.stringify(value).slice(0, 60)} → ` +
                `${response.statusCode} ${response.body.slice(0, 160)}`,
            );
          }
        }
      }
    }
    assert.ok(sent > 200, `only ${sent} requests`);
    assert.deepEqual(failures, []);
  });
});
