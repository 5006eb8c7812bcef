import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration, ok } from '../helpers/integrations.ts';

/** Team A's credentials never reach team B's sources, applications or integrations. */
describe('tenancy', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof buildIntegration>>;
  let b: Awaited<ReturnType<typeof buildIntegration>>;
  before(async () => {
    t = await createTestApp();
    a = await buildIntegration(t);
    b = await buildIntegration(t);
  });
  after(() => t.close());

  /** Asserts a 404 exactly like the one for a missing record, and that nothing changed. */
  async function hidden(
    method: 'GET' | 'PATCH' | 'DELETE' | 'POST',
    url: string,
    id: string,
    token: string,
    payload?: object,
  ) {
    const missingId = randomUUID();
    const foreign = await t.call({ method, url, token, ...(payload ? { payload } : {}) });
    const missing = await t.call({ method, url: url.replace(id, missingId), token, ...(payload ? { payload } : {}) });
    assert.equal(foreign.statusCode, 404, `${method} ${url} answered ${foreign.statusCode}: ${foreign.body}`);
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(
      foreign.json().$errors,
      JSON.parse(JSON.stringify(missing.json().$errors).replaceAll(missingId, id)),
    );
  }

  test("a member of team A cannot list team B's records", async () => {
    for (const kind of ['sources', 'applications', 'integrations', 'entities', 'audit']) {
      const asOrganization = await t.call({
        method: 'GET',
        url: `/api/v1/teams/${b.organization.team.id}/${kind}`,
        token: a.organization.token,
      });
      assert.equal(asOrganization.statusCode, 404, kind);
      const asDeveloper = await t.call({
        method: 'GET',
        url: `/api/v1/teams/${b.developer.team.id}/${kind}`,
        token: a.developer.token,
      });
      assert.equal(asDeveloper.statusCode, 404, kind);
    }
  });

  test("a member of team A cannot read, change or delete team B's source, application or integration", async () => {
    const targets: Array<[string, string, string, object]> = [
      ['sources', b.organization.source.id, a.organization.token, { name: 'taken' }],
      ['applications', b.developer.application.id, a.developer.token, { name: 'taken' }],
      ['integrations', b.integration.id, a.organization.token, { scope: 'all' }],
    ];
    for (const [kind, id, token, change] of targets) {
      await hidden('GET', `/api/v1/${kind}/${id}`, id, token);
      await hidden('PATCH', `/api/v1/${kind}/${id}`, id, token, change);
      await hidden('DELETE', `/api/v1/${kind}/${id}`, id, token);
    }
    await hidden(
      'POST',
      `/api/v1/applications/${b.developer.application.id}/secret`,
      b.developer.application.id,
      a.developer.token,
    );
    await hidden('POST', `/api/v1/integrations/${b.integration.id}/token`, b.integration.id, a.organization.token);
    const still = await ok(t, 'GET', `/api/v1/integrations/${b.integration.id}`, b.organization.token);
    assert.equal(still.source.name, 'District SIS', 'nothing of B changed');
    assert.equal(
      (await ok(t, 'GET', `/api/v1/applications/${b.developer.application.id}`, b.developer.token)).name,
      'Reading Coach',
    );
  });

  test("team A cannot grant an integration on team B's source", async () => {
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${a.organization.team.id}/integrations`,
      token: a.organization.token,
      payload: {
        source_id: b.organization.source.id,
        application_id: a.developer.application.id,
        permissions: [],
        scope: 'all',
      },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().$errors[0].message, /no source with id/);
  });

  test("an application secret sees only that application's integrations", async () => {
    const listed = await ok(t, 'GET', '/api/v1/integrations', a.developer.secret);
    assert.deepEqual(
      listed.map((row: { id: string }) => row.id),
      [a.integration.id],
    );
    await hidden('GET', `/api/v1/integrations/${b.integration.id}`, b.integration.id, a.developer.secret);
    await hidden('POST', `/api/v1/integrations/${b.integration.id}/token`, b.integration.id, a.developer.secret);
    const patch = await t.call({
      method: 'PATCH',
      url: `/api/v1/integrations/${a.integration.id}`,
      token: a.developer.secret,
      payload: { scope: 'all' },
    });
    assert.equal(patch.statusCode, 401, 'an application cannot change its own grant');
    const forged = await t.call({
      method: 'GET',
      url: '/api/v1/integrations',
      token: `${a.developer.secret.slice(0, -2)}xx`,
    });
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().$errors[0].code, 'INVALID_TOKEN');
  });

  test('a viewer reads but cannot change; a developer cannot grant integrations', async () => {
    const viewer = await ok(t, 'POST', `/api/v1/teams/${a.organization.team.id}/api-keys`, a.organization.token, {
      name: 'ro',
      role: 'viewer',
    });
    assert.equal(
      (await t.call({ method: 'GET', url: `/api/v1/integrations/${a.integration.id}`, token: viewer.token }))
        .statusCode,
      200,
    );
    const change = await t.call({
      method: 'PATCH',
      url: `/api/v1/integrations/${a.integration.id}`,
      token: viewer.token,
      payload: { scope: 'all' },
    });
    assert.equal(change.statusCode, 403);
    assert.equal(change.json().$errors[0].code, 'NO_PERMISSION');
    const developer = await ok(t, 'POST', `/api/v1/teams/${a.organization.team.id}/api-keys`, a.organization.token, {
      name: 'dev',
      role: 'developer',
    });
    const grant = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${a.organization.team.id}/integrations`,
      token: developer.token,
      payload: {
        source_id: a.organization.source.id,
        application_id: a.developer.application.id,
        permissions: [],
        scope: 'all',
      },
    });
    assert.equal(grant.statusCode, 403);
  });
});
