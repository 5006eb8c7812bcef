import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildTeam } from '../helpers/teams.ts';

/**
 * The only `/api` routes anyone may call: sign-in, the catalogs, liveness, the Edlink token
 * endpoint, and the connect callback a provider sends the browser to (its single-use state is the credential).
 */
const PUBLIC = [
  'GET /api/up',
  'GET /api/v1/connections/callback',
  'GET /api/v1/permissions',
  'GET /api/v1/providers',
  'POST /api/authentication/token',
  'POST /api/v1/sessions',
];

type Operation = { method: string; path: string; secured: boolean };

function operations(document: { paths: Record<string, Record<string, { security?: unknown[] }>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      secured: (operation.security?.length ?? 0) > 0,
    })),
  );
}

describe('every route says who may call it', () => {
  let t: TestApp;
  let all: Operation[];
  before(async () => {
    t = await createTestApp();
    all = operations((t.app as unknown as { swagger(): never }).swagger()).filter((op) => op.path.startsWith('/api'));
  });
  after(() => t.close());

  test('only the listed routes answer anyone; the API document shows the credentials of the others', () => {
    const open = all.filter((op) => !op.secured).map((op) => `${op.method} ${op.path}`);
    assert.deepEqual(open.sort(), [...PUBLIC].sort());
    assert.ok(all.length > 60, `${all.length} routes`);
  });

  test('every other route refuses a request without credentials, or of the wrong kind, before reading it', async () => {
    const { token: apiKey } = await buildTeam(t);
    const credentials = [
      {},
      { authorization: 'Bearer gh_nope_123' },
      { authorization: 'Basic Zm9vOmJhcg==' },
      { cookie: 'gatehouse_session=gh_ses_forged' },
    ];
    for (const op of all.filter((candidate) => candidate.secured)) {
      const url = op.path.replace(/\{[^}]+\}/g, () => randomUUID());
      const wrongKind = op.path.startsWith('/api/v1/')
        ? { authorization: 'Bearer gh_int_x' }
        : { authorization: `Bearer ${apiKey}` };
      for (const headers of [...credentials, wrongKind]) {
        const response = await t.call({ method: op.method as 'GET', url, headers, payload: { malformed: '\u0000' } });
        assert.equal(response.statusCode, 401, `${op.method} ${op.path} ${JSON.stringify(headers)}: ${response.body}`);
        assert.ok(['UNAUTHENTICATED', 'INVALID_TOKEN'].includes(response.json().$errors[0].code));
      }
    }
  });
});
