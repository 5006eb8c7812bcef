import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { regrant } from '../helpers/graph.ts';
import { ok } from '../helpers/integrations.ts';
import { buildSignIn, personTokens } from '../helpers/oauth.ts';

const my = (t: TestApp, token: string, path: string) => t.call({ method: 'GET', url: `/api/v2/my${path}`, token });
async function data(t: TestApp, token: string, path: string) {
  const response = await my(t, token, path);
  assert.equal(response.statusCode, 200, `${path}: ${response.body}`);
  return response.json().$data;
}
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id).sort();

describe('User API (/api/v2/my)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_DEMO: 'true' } });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('profile, integration and source of the signed-in person', async () => {
    const setup = await buildSignIn(t);
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada);
    const profile = await data(t, access_token, '/profile');
    assert.equal(profile.id, setup.roster.people.ada);
    assert.equal(profile.first_name, 'Ada');
    assert.equal(profile.email, 'ada@example.test');
    const integration = await data(t, access_token, '/integration');
    assert.equal(integration.id, setup.integration.id);
    assert.equal(integration.state, 'active');
    assert.equal(integration.access_token, undefined);
    const source = await data(t, access_token, '/source');
    assert.equal(source.id, setup.sourceId);
    assert.equal(source.provider.name, 'oneroster');
  });

  test('lists hold only what the person is related to, and fetches of anything else are NOT_FOUND', async () => {
    const setup = await buildSignIn(t);
    const { roster } = setup;
    const { access_token } = await personTokens(t, setup, roster.people.ada);
    assert.deepEqual(ids(await data(t, access_token, '/districts')), [roster.district]);
    assert.deepEqual(ids(await data(t, access_token, '/schools')), [roster.schools.north]);
    assert.deepEqual(
      ids(await data(t, access_token, '/classes')),
      [roster.classes.algebra, roster.classes.biology].sort(),
    );
    assert.deepEqual(ids(await data(t, access_token, '/agents')), [roster.agent]);
    assert.equal((await data(t, access_token, `/classes/${roster.classes.algebra}`)).name, 'algebra');
    const foreign = await my(t, access_token, `/classes/${roster.classes.chemistry}`);
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(foreign.json().$errors[0], {
      code: 'NOT_FOUND',
      message: `Class with id ${roster.classes.chemistry} not found for this person.`,
    });
    assert.equal((await my(t, access_token, `/schools/${roster.schools.south}`)).statusCode, 404);
  });

  test('class and section rosters, for the person’s own classes only', async () => {
    const setup = await buildSignIn(t);
    const { roster } = setup;
    const { access_token } = await personTokens(t, setup, roster.people.ada);
    const algebra = roster.classes.algebra;
    assert.deepEqual(
      ids(await data(t, access_token, `/classes/${algebra}/people`)),
      [roster.people.teacher, roster.people.ada, roster.people.ben].sort(),
    );
    assert.deepEqual(ids(await data(t, access_token, `/classes/${algebra}/teachers`)), [roster.people.teacher]);
    assert.deepEqual(
      ids(await data(t, access_token, `/classes/${algebra}/students`)),
      [roster.people.ada, roster.people.ben].sort(),
    );
    assert.equal((await data(t, access_token, `/classes/${algebra}/enrollments`)).length, 3);
    assert.deepEqual(ids(await data(t, access_token, `/classes/${algebra}/sections`)), [roster.sections.algebra]);
    assert.equal((await data(t, access_token, `/sections/${roster.sections.algebra}/students`)).length, 2);
    assert.equal((await my(t, access_token, `/classes/${roster.classes.chemistry}/people`)).statusCode, 404);
  });

  test('lists below the person’s district and schools (the SDK’s shared resource paths), not others', async () => {
    const setup = await buildSignIn(t);
    const { roster } = setup;
    const { access_token } = await personTokens(t, setup, roster.people.ada);
    const north = `/schools/${roster.schools.north}`;
    assert.deepEqual(
      ids(await data(t, access_token, `${north}/classes`)),
      [roster.classes.algebra, roster.classes.biology].sort(),
    );
    assert.deepEqual(
      ids(await data(t, access_token, `${north}/students`)),
      [roster.people.ada, roster.people.ben].sort(),
    );
    assert.deepEqual(ids(await data(t, access_token, `${north}/teachers`)), [roster.people.teacher]);
    assert.deepEqual(
      ids(await data(t, access_token, `${north}/people`)),
      [roster.people.teacher, roster.people.ada, roster.people.ben].sort(),
    );
    assert.deepEqual(await data(t, access_token, `/districts/${roster.district}/administrators`), []);
    const south = await my(t, access_token, `/schools/${roster.schools.south}/classes`);
    assert.equal(south.statusCode, 404);
    assert.deepEqual(south.json().$errors[0], {
      code: 'NOT_FOUND',
      message: `School with id ${roster.schools.south} not found for this person.`,
    });
    const stranger = crypto.randomUUID();
    assert.equal((await my(t, access_token, `/districts/${stranger}/administrators`)).statusCode, 404);
    const malformed = await my(t, access_token, '/schools/not-a-uuid/teachers');
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().$errors[0].code, 'INVALID_UUID');
  });

  test('paging, $filter and $fields work as in the Graph API', async () => {
    const setup = await buildSignIn(t);
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada);
    const first = await my(t, access_token, '/classes?$first=1');
    assert.equal(first.json().$data.length, 1);
    assert.match(first.json().$next, /^http:\/\/gatehouse\.test\/api\/v2\/my\/classes\?\$cursor=/);
    const second = await t.call({
      method: 'GET',
      url: first.json().$next.replace('http://gatehouse.test', ''),
      token: access_token,
    });
    assert.equal(second.json().$data.length, 1);
    assert.equal(second.json().$next, undefined);
    const filter = encodeURIComponent(JSON.stringify({ name: [{ operator: 'starts with', value: 'bio' }] }));
    assert.deepEqual(ids(await data(t, access_token, `/classes?$filter=${filter}`)), [setup.roster.classes.biology]);
    const [trimmed] = await data(t, access_token, '/classes?$fields=id,name&$first=1');
    assert.deepEqual(Object.keys(trimmed).sort(), ['id', 'name']);
    const bad = await my(t, access_token, '/classes?$first=0');
    assert.equal(bad.json().$errors[0].code, 'INVALID_PAGE_SIZE');
  });

  test('coursework answers UNSUPPORTED_OPERATION', async () => {
    const setup = await buildSignIn(t);
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada);
    for (const [method, path] of [
      ['GET', `/classes/${setup.roster.classes.algebra}/assignments`],
      ['POST', `/classes/${setup.roster.classes.algebra}/categories`],
      ['GET', `/classes/${setup.roster.classes.algebra}/assignments/a/submissions`],
    ] as const) {
      const response = await t.call({
        method,
        url: `/api/v2/my${path}`,
        token: access_token,
        ...(method === 'POST' ? { payload: { title: 'x' } } : {}),
      });
      assert.equal(response.json().$errors[0].code, 'UNSUPPORTED_OPERATION', `${method} ${path}`);
    }
  });

  test('an inactive integration stops the token (and revives it), an unshared person gets UNSHARED_TOKEN', async () => {
    const setup = await buildSignIn(t);
    const { roster } = setup;
    const { access_token } = await personTokens(t, setup, roster.people.cy);
    await ok(t, 'PATCH', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token, {
      status: 'disabled',
    });
    const disabled = await my(t, access_token, '/profile');
    assert.equal(disabled.statusCode, 400);
    assert.equal(disabled.json().$errors[0].code, 'INVALID_INTEGRATION_STATE');
    await ok(t, 'PATCH', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token, {
      status: 'active',
    });
    assert.equal((await my(t, access_token, '/profile')).statusCode, 200);
    await regrant(t, setup, { scope: 'selected', targets: [roster.schools.north] });
    const unshared = await my(t, access_token, '/profile');
    assert.equal(unshared.statusCode, 403);
    assert.equal(unshared.json().$errors[0].code, 'UNSHARED_TOKEN');
  });

  test('an integration token on /my and a person token on the Graph API are INVALID_TOKEN', async () => {
    const setup = await buildSignIn(t);
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada);
    const integrationToken = await my(t, setup.token, '/profile');
    assert.equal(integrationToken.statusCode, 401);
    assert.equal(integrationToken.json().$errors[0].code, 'INVALID_TOKEN');
    const onGraph = await t.call({ method: 'GET', url: '/api/v2/graph/people', token: access_token });
    assert.equal(onGraph.statusCode, 401);
    assert.equal((await my(t, 'gh_at_nonsense', '/profile')).json().$errors[0].code, 'INVALID_TOKEN');
    assert.equal((await t.call({ method: 'GET', url: '/api/v2/my/profile' })).json().$errors[0].code, 'INVALID_TOKEN');
  });

  test('endpoint permissions still apply: without enrollments:read the rosters are NO_PERMISSION', async () => {
    const setup = await buildSignIn(t, { permissions: ['sso', 'organizations:read', 'people:read'] });
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada);
    assert.equal((await data(t, access_token, '/classes')).length, 2);
    const roster = await my(t, access_token, `/classes/${setup.roster.classes.algebra}/people`);
    assert.equal(roster.statusCode, 403);
    assert.equal(roster.json().$errors[0].code, 'NO_PERMISSION');
    assert.equal((await data(t, access_token, '/profile')).email, null, 'email needs people:contact');
  });
});
