import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { chromiumSkip, launchChromium, screenshots, seriousViolations } from '../helpers/browser.ts';
import { builtConsole } from '../helpers/console.ts';
import { importInto } from '../helpers/graph.ts';
import { buildOrganization, ok } from '../helpers/integrations.ts';
import { freePort } from '../helpers/processes.ts';
import { generatedSet } from '../helpers/roster.ts';
import { signInSession } from '../helpers/teams.ts';

/**
 * The admin console in a real browser against a real server: an organization's owner signs in,
 * browses the source, searches its people, and previews sharing one school; then switches to a
 * developer team of theirs. Every page is checked with axe-core and photographed at each width.
 */
describe('the admin console in Chromium', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let org: Awaited<ReturnType<typeof buildOrganization>>;
  let developerTeam: { id: string; name: string };
  const outside: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    await builtConsole();
    // The page's own origin must be the server's public URL: writes with the session cookie are checked against it.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { GATEHOUSE_PUBLIC_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });
    org = await buildOrganization(t);
    await importInto(t, org.source.id, await generatedSet({ schools: 2, studentsPerSchool: 15 }));
    const session = await signInSession(t, org.user.email, org.password);
    const made = await t.call({
      method: 'POST',
      url: '/api/v1/teams',
      ...session,
      payload: { name: 'Reading Coach Inc', kind: 'developer' },
    });
    developerTeam = made.json().$data;
    const application = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${developerTeam.id}/applications`,
      ...session,
      payload: { name: 'Reading Coach', redirect_uris: ['https://app.example.test/callback'] },
    });
    assert.equal(application.statusCode, 200, application.body);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => {
      if (!request.url().startsWith(`${base}/`)) outside.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Every page: no serious or critical accessibility violation, then its screenshots. */
  async function check(name: string) {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations)}`);
    await screenshots(page, name);
  }

  test('sign in with email and password, landing on a team; an organization shows its sources', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor();
    await check('sign-in');
    await page.getByLabel('Email').fill(org.user.email);
    await page.getByLabel(/^Password/).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Could not sign in').waitFor();
    await page.getByLabel(/^Password/).fill(org.password);
    await page.getByLabel(/^Password/).press('Enter');
    const switcher = page.getByRole('combobox', { name: 'Team' });
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    assert.equal(await switcher.inputValue(), new URL(page.url()).pathname.split('/')[2]);
    await switcher.selectOption(org.team.id);
    await page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/teams/${org.team.id}`);
    await page.getByRole('table', { name: `The sources of ${org.team.name}` }).waitFor();
    await check('sources');
  });

  test("a source's schools, its people page by page and found by name, and a reload keeps the address", async () => {
    await page.getByRole('link', { name: 'District SIS' }).click();
    await page.getByRole('heading', { name: 'District SIS', level: 1 }).waitFor();
    const schools = page.getByRole('table', { name: 'Schools' });
    await schools.waitFor();
    assert.equal(await schools.getByRole('checkbox').count(), 2);
    await check('browse-schools');

    const [someone] = await ok(t, 'GET', `/api/v1/sources/${org.source.id}/people?$first=1`, org.token);
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('table', { name: 'People' }).waitFor();
    const everyone = (
      await ok(t, 'POST', `/api/v1/sources/${org.source.id}/sharing-preview`, org.token, { scope: 'all' })
    ).counts.people;
    assert.ok(everyone > 50, 'more people than one page of the console holds');
    await page.getByText('50 people shown, more to load.').waitFor();
    for (let shown = 50; shown < everyone; ) {
      await page.getByRole('button', { name: 'Load more people' }).click();
      shown = Math.min(shown + 50, everyone);
      await page.getByText(`${shown} people shown${shown < everyone ? ', more to load' : ''}.`).waitFor();
    }
    assert.equal(await page.getByRole('button', { name: 'Load more people' }).count(), 0);
    await page.getByRole('searchbox', { name: 'Search people' }).fill(someone.last_name);
    await page.getByRole('searchbox', { name: 'Search people' }).press('Enter');
    const expected = await ok(
      t,
      'GET',
      `/api/v1/sources/${org.source.id}/people?search=${encodeURIComponent(someone.last_name)}`,
      org.token,
    );
    await page.getByText(`${expected.length} people shown.`).waitFor();
    const rows = page.getByRole('table', { name: 'People' }).locator('tbody tr');
    assert.equal(await rows.count(), expected.length);
    for (const text of await rows.allInnerTexts())
      assert.match(text.toLowerCase(), new RegExp(someone.last_name.toLowerCase()));
    await check('browse-people');

    await page.reload();
    await page.getByRole('heading', { name: 'District SIS', level: 1 }).waitFor();
  });

  test('ticking one school previews what sharing only it shares, as the server counts it', async () => {
    const schools = page.getByRole('table', { name: 'Schools' });
    await schools.waitFor();
    const [school] = await ok(t, 'GET', `/api/v1/sources/${org.source.id}/schools?$first=1`, org.token);
    await schools.getByRole('checkbox', { name: `Share ${school.name}` }).check();
    const counts = (
      await ok(t, 'POST', `/api/v1/sources/${org.source.id}/sharing-preview`, org.token, {
        scope: 'selected',
        targets: [school.id],
      })
    ).counts;
    const preview = page.getByRole('region', { name: 'Sharing preview' });
    await preview.locator('[data-kind="people"]').getByText(String(counts.people), { exact: true }).waitFor();
    assert.equal(await preview.locator('[data-kind="schools"]').textContent(), '1');
    assert.ok(counts.people > 0);
    await check('sharing-preview');
  });

  test("the team switcher leads to a developer team's applications; signing out ends the session", async () => {
    await page.getByRole('combobox', { name: 'Team' }).selectOption(developerTeam.id);
    await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Reading Coach', exact: true }).waitFor();
    await check('applications');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(me, 401);
  });

  test('no request left the machine and the page reported no error', () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(
      pageErrors.filter((error) => !error.includes('401')),
      [],
    );
  });
});
