import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { GraphKind } from '../../src/graph/tables.ts';
import { Browser, injectSender } from '../oauth/browser.ts';
import { ok } from './api.ts';
import type { TestApp } from './app.ts';
import { buildDeveloper, buildGraph, buildOrganization, buildPlatform, type GrantOptions } from './factories.ts';
import { idOf, insertGraph } from './graph.ts';

export { Browser, fetchSender, injectSender, parseForms } from '../oauth/browser.ts';
export { buildPlatform } from './factories.ts';

/** Sets a binding through the management API; `status` is 201 on creation and 200 on change. */
export async function bind(
  t: TestApp,
  as: { team: { id: string }; token: string },
  keyId: string,
  state: 'on' | 'off' | 'allow',
) {
  const response = await t.call({
    method: 'POST',
    url: `/api/v1/teams/${as.team.id}/developer-keys/${keyId}/bindings`,
    token: as.token,
    payload: { state },
  });
  assert.ok([200, 201].includes(response.statusCode), response.body);
  return response.json().$data;
}

export function createKey(t: TestApp, as: { team: { id: string }; token: string }, body: Record<string, unknown>) {
  return ok(t, 'POST', `/api/v1/teams/${as.team.id}/developer-keys`, as.token, body);
}

/**
 * An organization's own developer key for a developer's application, with the redirect URI the
 * tests use, turned on in the organization unless `state` is `off`: ready for users to sign in.
 */
export async function buildUserKey(t: TestApp, body: Record<string, unknown> = {}, state: 'on' | 'off' = 'on') {
  const organization = await buildOrganization(t);
  const developer = await buildDeveloper(t);
  const key = await createKey(t, organization, {
    application_id: developer.application.id,
    redirect_uris: [REDIRECT_URI],
    ...body,
  });
  if (state === 'on') await bind(t, organization, key.id, 'on');
  return { organization, developer, key };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Signs in with a Gatehouse account on the sign-in page and consents; answers the redirect to the client. */
export async function signInAsUser(
  browser: Browser,
  authorizeUrl: string,
  email: string,
  password: string,
  consent: Record<string, string> = {},
) {
  const login = await browser.request('GET', authorizeUrl);
  assert.equal(login.status, 200, login.body);
  const consentPage = await browser.submit('/login/oauth2/login', { email, password });
  assert.equal(consentPage.status, 200, consentPage.body);
  const done = await browser.submit('/login/oauth2/accept', { decision: 'allow', ...consent });
  assert.equal(done.status, 302, done.body);
  return done.headers.location as string;
}

/** The `code` (and `state`) of a redirect back to the client. */
export function codeOf(location: string): { code: string; state: string | null; params: URLSearchParams } {
  const params = new URL(location).searchParams;
  const code = params.get('code');
  assert.ok(code, `no code in ${location}`);
  return { code, state: params.get('state'), params };
}

/**
 * A small district for sign-in tests: two schools, three classes (two in the first school) with
 * a section each, a teacher, three students, a guardian of the first student.
 */
export async function insertRoster(t: TestApp, sourceId: string) {
  const id = (kind: GraphKind, sourced: string) => idOf(sourceId, kind, sourced);
  const district = id('districts', 'd1');
  const [north, south] = [id('schools', 'north'), id('schools', 'south')];
  const person = (sourced: string, first: string, roles: string[], schools: string[], email: string) => ({
    kind: 'people' as const,
    sourced,
    values: {
      first_name: first,
      last_name: 'Example',
      roles,
      school_ids: schools,
      district_id: district,
      email,
      // JSON text: the helper passes arrays through as PostgreSQL arrays.
      identifiers: JSON.stringify([{ type: 'sis_id', value: `sis-${sourced}` }]),
    },
  });
  const enrollment = (sourced: string, who: string, klass: string, role: string) => ({
    kind: 'enrollments' as const,
    sourced,
    values: {
      person_id: id('people', who),
      class_id: id('classes', klass),
      section_id: id('sections', `${klass}-a`),
      role,
      state: 'active',
    },
  });
  await insertGraph(t, sourceId, [
    { kind: 'districts', sourced: 'd1', values: { name: 'Example District' } },
    { kind: 'schools', sourced: 'north', values: { name: 'North High', district_id: district } },
    { kind: 'schools', sourced: 'south', values: { name: 'South High', district_id: district } },
    ...(['algebra', 'biology', 'chemistry'] as const).map((name, index) => ({
      kind: 'classes' as const,
      sourced: name,
      values: { name, school_id: index < 2 ? north : south, state: 'active' },
    })),
    ...(['algebra', 'biology', 'chemistry'] as const).map((name) => ({
      kind: 'sections' as const,
      sourced: `${name}-a`,
      values: { name: `${name} A`, class_id: id('classes', name) },
    })),
    person('teacher', 'Tess', ['teacher'], [north], 'tess@example.test'),
    person('ada', 'Ada', ['student'], [north], 'ada@example.test'),
    person('ben', 'Ben', ['student'], [north], 'ben@example.test'),
    person('cy', 'Cy', ['student'], [south], 'cy@example.test'),
    person('gwen', 'Gwen', ['guardian'], [], 'gwen@example.test'),
    enrollment('e1', 'teacher', 'algebra', 'teacher'),
    enrollment('e2', 'ada', 'algebra', 'student'),
    enrollment('e3', 'ada', 'biology', 'student'),
    enrollment('e4', 'ben', 'algebra', 'student'),
    enrollment('e5', 'cy', 'chemistry', 'student'),
    {
      kind: 'agents',
      sourced: 'a1',
      values: { observer_id: id('people', 'gwen'), target_id: id('people', 'ada'), relationship: 'parent' },
    },
  ]);
  return {
    district,
    schools: { north, south },
    classes: {
      algebra: id('classes', 'algebra'),
      biology: id('classes', 'biology'),
      chemistry: id('classes', 'chemistry'),
    },
    sections: { algebra: id('sections', 'algebra-a') },
    people: {
      teacher: id('people', 'teacher'),
      ada: id('people', 'ada'),
      ben: id('people', 'ben'),
      cy: id('people', 'cy'),
      gwen: id('people', 'gwen'),
    },
    agent: id('agents', 'a1'),
  };
}

export const REDIRECT_URI = 'https://app.example.test/callback';

/**
 * An integration with the roster above in a demo source, and the application's own key turned
 * on for the organization (platform `allow`, team `on`), ready for people to sign in.
 */
export async function buildSignIn(t: TestApp, options: GrantOptions = {}) {
  const platform = await buildPlatform(t);
  const setup = await buildGraph(t, options);
  const roster = await insertRoster(t, setup.sourceId);
  // People sign in through the demo person picker here, which only a demo source offers.
  await t.ctx.db.updateTable('sources').set({ demo: true }).where('id', '=', setup.sourceId).execute();
  const clientId = setup.developer.application.id as string;
  await bind(t, platform, clientId, 'allow');
  await bind(t, setup.organization, clientId, 'on');
  return { ...setup, platform, roster, clientId, clientSecret: setup.developer.secret };
}

export function authorizeUrl(publicUrl: string, params: Record<string, string>, path = '/login/oauth2/auth'): string {
  return `${publicUrl}${path}?${new URLSearchParams({ response_type: 'code', redirect_uri: REDIRECT_URI, ...params })}`;
}

/** Demo mode: picks the person on the sign-in page and consents; answers the redirect to the client. */
export async function signInAsPerson(browser: Browser, url: string, personId: string) {
  const login = await browser.request('GET', url);
  assert.equal(login.status, 200, login.body);
  const consent = await browser.submit('/login/oauth2/demo', { person_id: personId });
  assert.equal(consent.status, 200, consent.body);
  const done = await browser.submit('/login/oauth2/accept', { decision: 'allow' });
  assert.equal(done.status, 302, done.body);
  return done.headers.location as string;
}

/** A person's tokens through the demo picker and the token endpoint (in process). */
export async function personTokens(
  t: TestApp,
  setup: { clientId: string; clientSecret: string },
  personId: string,
  scope?: string,
) {
  const browser = new Browser(injectSender(t));
  const location = await signInAsPerson(
    browser,
    authorizeUrl(t.config.publicUrl, { client_id: setup.clientId, ...(scope ? { scope } : {}) }),
    personId,
  );
  const response = await t.call({
    method: 'POST',
    url: '/login/oauth2/token',
    payload: {
      grant_type: 'authorization_code',
      code: codeOf(location).code,
      redirect_uri: REDIRECT_URI,
      client_id: setup.clientId,
      client_secret: setup.clientSecret,
    },
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { access_token: string; refresh_token: string; id_token?: string };
}
