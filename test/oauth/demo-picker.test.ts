import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { authorizeUrl, Browser, buildSignIn, injectSender, parseForms } from '../helpers/oauth.ts';

/** The sign-in page and the picker's answer for a person, in a server with or without demo mode. */
async function pick(t: TestApp, setup: Awaited<ReturnType<typeof buildSignIn>>, personId: string) {
  const browser = new Browser(injectSender(t));
  const page = await browser.request('GET', authorizeUrl(t.config.publicUrl, { client_id: setup.clientId }));
  assert.equal(page.status, 200, page.body);
  const forms = parseForms(page.body);
  const offered = forms.some((form) => form.action === '/login/oauth2/demo');
  // Posted as a forged form would be, whether or not the page offers one.
  const interaction = forms.find((form) => form.action === '/login/oauth2/login')?.fields.interaction as string;
  const picked = await browser.request('POST', `${t.config.publicUrl}/login/oauth2/demo`, {
    interaction,
    person_id: personId,
  });
  return { page: page.body, offered, picked };
}

/**
 * The demo person picker signs anyone in as a person without a password, so it exists only in
 * demo mode, asked for or the embedded database's default, and only for the demo district's
 * generated people; real people of any other source are never offered nor accepted.
 */
describe('demo person picker', () => {
  test('demo mode: asked for, or the default of the embedded database only', () => {
    const postgres = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' };
    assert.deepEqual([loadConfig({}).demo, loadConfig({}).demoByDefault], [true, true]);
    assert.equal(loadConfig(postgres).demo, false, 'PostgreSQL with GATEHOUSE_DEMO unset');
    assert.equal(loadConfig({ ...postgres, GATEHOUSE_DEMO: 'true' }).demo, true);
    assert.equal(loadConfig({ ...postgres, GATEHOUSE_DEMO: 'true' }).demoByDefault, false);
    assert.equal(loadConfig({ GATEHOUSE_DEMO: 'false' }).demo, false);
  });

  describe('in demo mode', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ env: { GATEHOUSE_DEMO: 'true' } });
    });
    after(() => t.close());

    test('a source the demo did not seed offers no picker; its people cannot be picked, listed or not', async () => {
      const setup = await buildSignIn(t);
      await t.ctx.db.updateTable('sources').set({ demo: false }).where('id', '=', setup.sourceId).execute();
      const { page, offered, picked } = await pick(t, setup, setup.roster.people.ada);
      assert.equal(offered, false);
      assert.doesNotMatch(page, /Ada Example/);
      assert.equal(picked.status, 302);
      const refused = new URL(picked.headers.location as string);
      assert.equal(refused.searchParams.get('error'), 'access_denied');
      assert.equal(refused.searchParams.get('code'), null);
    });

    test("the demo district's people are offered and can be picked", async () => {
      const setup = await buildSignIn(t);
      const { page, offered, picked } = await pick(t, setup, setup.roster.people.ada);
      assert.equal(offered, true);
      assert.match(page, /Ada Example/);
      assert.equal(picked.status, 200, picked.body);
      assert.match(picked.body, /Signed in as <strong>Ada Example<\/strong>/);
    });
  });

  describe('without demo mode', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ env: { GATEHOUSE_DEMO: 'false' } });
    });
    after(() => t.close());

    test('not even a demo source offers the picker, and the route does not exist', async () => {
      const setup = await buildSignIn(t);
      const { offered, picked } = await pick(t, setup, setup.roster.people.ada);
      assert.equal(offered, false);
      assert.equal(picked.status, 404);
    });
  });
});
