import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { startRuntime } from '../../src/runtime.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';
import { authorizeUrl, Browser, buildUserKey, injectSender } from '../helpers/oauth.ts';
import { buildTeam } from '../helpers/teams.ts';

describe('password guessing', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const signIn = (email: string, password: string, address = '203.0.113.1') =>
    t.call({ method: 'POST', url: '/api/v1/sessions', remoteAddress: address, payload: { email, password } });

  test('an account is slowed after three failures, then refused (429, Retry-After) even with a password', async () => {
    const { user, password } = await buildTeam(t);
    const times: number[] = [];
    for (let failure = 1; failure <= 10; failure += 1) {
      const started = Date.now();
      assert.equal((await signIn(user.email, 'wrong')).statusCode, 401);
      times.push(Date.now() - started);
    }
    assert.ok((times[7] as number) >= 500, `the eighth failure answered after ${times[7]} ms`);
    const refused = await signIn(user.email, password);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().$errors[0].code, 'TOO_MANY_REQUESTS');
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After: ${retryAfter}`);
    assert.equal(refused.cookies.length, 0);
    assert.equal((await signIn(user.email, password, '198.51.100.7')).statusCode, 429, 'from any address');
    const other = await buildTeam(t);
    assert.equal((await signIn(other.user.email, other.password)).statusCode, 200, 'other accounts are unaffected');
  });

  test('a success resets the account: failures count again from zero', async () => {
    const { user, password } = await buildTeam(t);
    for (let round = 0; round < 2; round += 1) {
      for (let failure = 0; failure < 9; failure += 1) await signIn(user.email, 'wrong');
      assert.equal((await signIn(user.email, password)).statusCode, 200);
    }
  });

  test('one address guessing many accounts is refused after 50 failures', async () => {
    const accounts = await Promise.all(Array.from({ length: 6 }, () => buildTeam(t)));
    for (let failure = 0; failure < 50; failure += 1)
      await signIn(`nobody${failure}@example.test`, 'wrong', '192.0.2.9');
    const account = accounts[0] as (typeof accounts)[number];
    assert.equal((await signIn(account.user.email, account.password, '192.0.2.9')).statusCode, 429);
    assert.equal((await signIn(account.user.email, account.password, '192.0.2.10')).statusCode, 200);
  });

  test('the OAuth sign-in form counts against the same account', async () => {
    const { organization, key } = await buildUserKey(t);
    for (let failure = 0; failure < 10; failure += 1) await signIn(organization.user.email, 'wrong');
    const browser = new Browser(injectSender(t));
    await browser.request('GET', authorizeUrl('http://gatehouse.test', { client_id: key.id }));
    const form = await browser.submit('/login/oauth2/login', {
      email: organization.user.email,
      password: organization.password,
    });
    assert.equal(form.status, 429);
    assert.ok(Number(form.headers['retry-after']) > 0);
    assert.match(form.body, /Too many failed sign-ins/);
  });

  test('every server process on one database shares the count', {
    skip: onPostgres ? false : 'needs PostgreSQL (the embedded database has one process)',
  }, async () => {
    const { user, password } = await buildTeam(t);
    const other = await startRuntime(t.config);
    const server = await buildApp(other);
    try {
      for (let failure = 0; failure < 10; failure += 1) {
        const target = failure % 2 === 0 ? server : t.app;
        const response = await target.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          payload: { email: user.email, password: 'wrong' },
        });
        assert.equal(response.statusCode, 401);
      }
      const refused = await server.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: user.email, password },
      });
      assert.equal(refused.statusCode, 429);
    } finally {
      await server.close();
      await other.stop();
    }
  });
});
