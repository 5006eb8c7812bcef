import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildTeam } from '../helpers/teams.ts';

/** The origin the test server believes it is reached at (GATEHOUSE_PUBLIC_URL). */
const OWN = 'http://gatehouse.test';

describe('cross-site requests with the session cookie', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  async function signedIn() {
    const owner = await buildTeam(t);
    const other = await buildTeam(t);
    const signIn = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { origin: OWN },
      payload: { email: owner.user.email, password: owner.password },
    });
    assert.equal(signIn.statusCode, 200);
    const cookie = signIn.cookies.find((entry) => entry.name === 'gatehouse_session')?.value as string;
    return { owner, other, cookies: { gatehouse_session: cookie } };
  }

  test('a write from another site, or not saying where it comes from, is refused and changes nothing', async () => {
    const { owner, other, cookies } = await signedIn();
    const url = `/api/v1/teams/${owner.team.id}/invitations`;
    const body = { email: other.user.email, role: 'owner' };
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, {}]) {
      const response = await t.call({ method: 'POST', url, cookies, headers, payload: body });
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.equal(response.json().$errors[0].code, 'CROSS_SITE_REQUEST');
    }
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${owner.team.id}/api-keys`,
      cookies,
      headers: { origin: 'https://evil.example' },
      payload: { name: 'stolen', role: 'owner' },
    });
    assert.equal(created.statusCode, 403);
    assert.deepEqual((await t.call({ method: 'GET', url, cookies })).json().$data, []);
    const keys = await t.call({ method: 'GET', url: `/api/v1/teams/${owner.team.id}/api-keys`, cookies });
    assert.deepEqual(
      keys.json().$data.map((key: { name: string }) => key.name),
      ['tests'],
    );
  });

  test('a form body is refused even from the own origin: only JSON, which another site cannot send', async () => {
    const { owner, other, cookies } = await signedIn();
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${owner.team.id}/invitations`,
      cookies,
      headers: { origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(other.user.email)}&role=owner`,
    });
    assert.equal(response.statusCode, 415);
    const invitations = await t.call({ method: 'GET', url: `/api/v1/teams/${owner.team.id}/invitations`, cookies });
    assert.deepEqual(invitations.json().$data, []);
  });

  test('the own pages write with JSON; reads need no origin; bearer credentials are unaffected', async () => {
    const { owner, cookies } = await signedIn();
    const url = `/api/v1/teams/${owner.team.id}`;
    const own = await t.call({ method: 'PATCH', url, cookies, headers: { origin: OWN }, payload: { name: 'Renamed' } });
    assert.equal(own.statusCode, 200);
    const fetchSite = await t.call({
      method: 'PATCH',
      url,
      cookies,
      headers: { 'sec-fetch-site': 'same-origin' },
      payload: { name: 'Again' },
    });
    assert.equal(fetchSite.statusCode, 200);
    assert.equal((await t.call({ method: 'GET', url, cookies })).statusCode, 200);
    const bearer = await t.call({
      method: 'PATCH',
      url,
      token: owner.token,
      headers: { origin: 'https://evil.example' },
      payload: { name: 'By key' },
    });
    assert.equal(bearer.statusCode, 200);
  });

  test('another site cannot sign a visitor in (login CSRF), nor with a form', async () => {
    const { user, password } = await buildTeam(t);
    const foreign = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { origin: 'https://evil.example' },
      payload: { email: user.email, password },
    });
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.cookies.length, 0);
    const form = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(password)}`,
    });
    assert.equal(form.statusCode, 415);
    assert.equal(form.cookies.length, 0);
  });
});
