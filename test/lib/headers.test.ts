import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration } from '../helpers/integrations.ts';

describe('answer headers', () => {
  let plain: TestApp;
  let secure: TestApp;
  before(async () => {
    plain = await createTestApp();
    secure = await createTestApp({ env: { GATEHOUSE_PUBLIC_URL: 'https://gatehouse.example' } });
  });
  after(async () => {
    await plain.close();
    await secure.close();
  });

  test('answers carrying a secret or token are never stored by a cache, and nothing is sniffed', async () => {
    const { organization, developer, integration } = await buildIntegration(plain);
    const apiKey = await plain.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/api-keys`,
      token: organization.token,
      payload: { name: 'ci', role: 'viewer' },
    });
    const withToken = await plain.call({
      method: 'GET',
      url: `/api/v1/integrations/${integration.id}`,
      token: developer.secret,
    });
    const secret = await plain.call({
      method: 'POST',
      url: `/api/v1/applications/${developer.application.id}/secret`,
      token: developer.token,
    });
    const missing = await plain.call({ method: 'GET', url: '/api/v1/nowhere' });
    for (const [name, response] of Object.entries({ apiKey, secret, withToken, missing })) {
      assert.ok(response.statusCode < 500, `${name}: ${response.body}`);
      assert.equal(response.headers['cache-control'], 'no-store', name);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', name);
    }
    assert.match(apiKey.body, /"token"/);
    assert.match(withToken.body, /"access_token"/);
  });

  test('HSTS only when the public URL is https', async () => {
    const over = await secure.call({ method: 'GET', url: '/health/live' });
    assert.match(String(over.headers['strict-transport-security']), /^max-age=\d{7,}/);
    const under = await plain.call({ method: 'GET', url: '/health/live' });
    assert.equal(under.headers['strict-transport-security'], undefined);
  });

  test('the documentation may be framed by nobody, and runs only its own scripts', async () => {
    for (const [app, https] of [
      [plain, false],
      [secure, true],
    ] as const) {
      const page = await app.call({ method: 'GET', url: '/docs' });
      assert.equal(page.statusCode, 200, page.body);
      const policy = String(page.headers['content-security-policy']);
      assert.match(policy, /frame-ancestors 'none'/);
      assert.doesNotMatch(policy, /frame-ancestors 'self'/);
      assert.match(policy, /script-src 'self'/);
      assert.equal(/upgrade-insecure-requests/.test(policy), https);
    }
    const asset = await plain.call({ method: 'GET', url: '/docs/static/swagger-ui.css' });
    assert.equal(asset.statusCode, 200);
    assert.notEqual(asset.headers['cache-control'], 'no-store');
  });
});
