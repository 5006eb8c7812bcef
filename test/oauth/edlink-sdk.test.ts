import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Edlink, TokenSetType } from '@edlink/typescript';
import { createTestApp, listenOnLoopback, type TestApp } from '../helpers/app.ts';
import { Browser, buildSignIn, codeOf, fetchSender, REDIRECT_URI, signInAsPerson } from '../helpers/oauth.ts';

/** Collects a paged SDK list. */
async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id).sort();

/**
 * The published Edlink SDK, unchanged, against a running server: its
 * absolute `https://ed.link` URLs, and this server's own `$next` links, are sent where the
 * server listens.
 */
describe('the Edlink SDK signs a person in and reads the User API', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_DEMO: 'true' } });
    base = await listenOnLoopback(t);
  });
  after(() => t.close());

  test('loginUrl → sign-in → auth.grant → auto refresh → my.profile, my.integration, classes and rosters', async () => {
    const setup = await buildSignIn(t);
    const { roster } = setup;
    const edlink = new Edlink({ client_id: setup.clientId, client_secret: setup.clientSecret, log_level: 'silent' });
    const sdkAxios = edlink.use({ type: TokenSetType.Integration, access_token: 'unused' }).axios;
    const sent: string[] = [];
    const interceptor = sdkAxios.interceptors.request.use((config) => {
      config.url = config.url?.replace(/^https:\/\/ed\.link(?=\/|$)/, base).replace(t.config.publicUrl, base);
      sent.push(
        `${config.method?.toUpperCase()} ${config.url?.slice(base.length)} ${config.data?.grant_type ?? ''}`.trim(),
      );
      return config;
    });
    try {
      const login = edlink.loginUrl({ redirect_uri: REDIRECT_URI, state: 'edlink-state' });
      assert.ok(login.startsWith('https://ed.link/sso/login?') && !login.includes('response_type'));
      const browser = new Browser(fetchSender(t.config.publicUrl, base));
      const location = await signInAsPerson(
        browser,
        login.replace('https://ed.link', t.config.publicUrl),
        roster.people.ada,
      );
      const { code, state } = codeOf(location);
      assert.equal(state, 'edlink-state');

      const tokenSet = await edlink.auth.grant({ code, redirect_uri: REDIRECT_URI });
      assert.equal(tokenSet.type, TokenSetType.Person);
      assert.equal(tokenSet.expires_in, 3600);
      assert.equal(tokenSet.token_type, 'Bearer');
      const user = edlink.use(tokenSet);

      const profile = await user.my.profile();
      assert.equal(profile.id, roster.people.ada);
      assert.equal(profile.first_name, 'Ada');
      // A fresh grant has no expiration date, so the SDK refreshes
      // before its first call, and that refresh must succeed.
      assert.deepEqual(sent.slice(0, 3), [
        'POST /api/authentication/token authorization_code',
        'POST /api/authentication/token refresh_token',
        'GET /api/v2/my/profile?',
      ]);
      assert.notEqual(tokenSet.refresh_token, undefined);

      const integration = await user.my.integration();
      assert.equal(integration.id, setup.integration.id);
      assert.equal(integration.state, 'active');
      assert.equal((await user.my.source()).id, setup.sourceId);

      const classes = await all(user.classes.list());
      assert.deepEqual(ids(classes), [roster.classes.algebra, roster.classes.biology].sort());
      assert.deepEqual(
        ids(await all(user.classes.listPeople(roster.classes.algebra))),
        [roster.people.teacher, roster.people.ada, roster.people.ben].sort(),
      );
      assert.deepEqual(ids(await all(user.classes.listTeachers(roster.classes.algebra))), [roster.people.teacher]);
      assert.deepEqual(
        ids(await all(user.classes.listStudents(roster.classes.algebra))),
        [roster.people.ada, roster.people.ben].sort(),
      );
      assert.equal((await all(user.classes.listEnrollments(roster.classes.algebra))).length, 3);
      assert.equal((await all(user.classes.listSections(roster.classes.algebra))).length, 1);
      assert.deepEqual(ids(await all(user.schools.list())), [roster.schools.north]);
      assert.deepEqual(ids(await all(user.districts.list())), [roster.district]);
      assert.deepEqual(
        ids(await all(user.schools.listClasses(roster.schools.north))),
        [roster.classes.algebra, roster.classes.biology].sort(),
      );
      assert.deepEqual(
        ids(await all(user.schools.listStudents(roster.schools.north))),
        [roster.people.ada, roster.people.ben].sort(),
      );
      assert.deepEqual(await all(user.districts.listAdministrators(roster.district)), []);
      assert.deepEqual(ids(await all(user.agents.list())), [setup.roster.agent]);
      assert.equal((await user.classes.fetch(roster.classes.biology)).name, 'biology');
      await assert.rejects(user.classes.fetch(roster.classes.chemistry), { code: 'NOT_FOUND', status: 404 });
      await assert.rejects(all(user.assignments.list(roster.classes.algebra)), { code: 'UNSUPPORTED_OPERATION' });
    } finally {
      sdkAxios.interceptors.request.eject(interceptor);
    }
  });

  test('the Edlink token endpoint takes form bodies too and answers errors in `$errors`', async () => {
    const setup = await buildSignIn(t);
    const form = await fetch(`${base}/api/authentication/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'gh_rt_unknown',
        client_id: setup.clientId,
        client_secret: setup.clientSecret,
      }),
    });
    assert.equal(form.status, 400);
    const body = (await form.json()) as { $errors: Array<{ code: string; message: string }>; $request: string };
    assert.deepEqual(body.$errors, [{ code: 'INVALID_GRANT', message: 'refresh_token not found' }]);
    assert.ok(body.$request);
    const wrongSecret = await fetch(`${base}/api/authentication/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: 'x',
        client_id: setup.clientId,
        client_secret: 'gh_app_wrong',
        redirect_uri: REDIRECT_URI,
      }),
    });
    assert.equal(wrongSecret.status, 401);
    assert.equal(
      ((await wrongSecret.json()) as { $errors: Array<{ code: string }> }).$errors[0]?.code,
      'INVALID_CLIENT',
    );
  });
});
