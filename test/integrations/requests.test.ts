import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { inService, statusAt } from '../../src/integrations/status.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { graphGet } from '../helpers/graph.ts';
import { buildDeveloper, buildOrganization, ok, permissionIds } from '../helpers/integrations.ts';
import { buildMember } from '../helpers/teams.ts';

const ORGANIZATIONS = permissionIds('organizations:read');
const WITH_PEOPLE = permissionIds('organizations:read', 'people:read');

/** A developer team asks an organization for an integration; the organization's administrators answer. */
describe('integration requests', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  async function requested(requestedPermissions = WITH_PEOPLE) {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t, requestedPermissions);
    const integration = await ok(
      t,
      'POST',
      `/api/v1/applications/${developer.application.id}/requests`,
      developer.token,
      { team_id: organization.team.id },
    );
    const view = await ok(t, 'GET', `/api/v1/integrations/${integration.id}`, developer.secret);
    assert.equal(view.access_token, undefined, 'nothing is granted yet: the application is given no token');
    // The token the integration will have, read where it is kept, to show it opens nothing before approval.
    const row = await t.ctx.db
      .selectFrom('integrations')
      .select('token_sealed')
      .where('id', '=', integration.id)
      .executeTakeFirstOrThrow();
    const accessToken = await t.ctx.keyring.open(row.token_sealed, 'integrations.token_sealed');
    return { organization, developer, integration, accessToken };
  }

  const approve = (setup: Awaited<ReturnType<typeof requested>>, body: object, token = setup.organization.token) =>
    t.call({ method: 'POST', url: `/api/v1/integrations/${setup.integration.id}/approve`, token, payload: body });

  test('a request waits with the requested permissions, grants nothing and its token is refused', async () => {
    const setup = await requested();
    assert.equal(setup.integration.status, 'requested');
    assert.deepEqual([setup.integration.source, setup.integration.permissions], [null, []]);
    assert.deepEqual(setup.integration.pending_permissions, WITH_PEOPLE);
    const listed = await ok(
      t,
      'GET',
      `/api/v1/teams/${setup.organization.team.id}/integrations`,
      setup.organization.token,
    );
    assert.deepEqual(
      listed.map((row: any) => [row.id, row.status]),
      [[setup.integration.id, 'requested']],
    );
    const refused = await graphGet(t, setup.accessToken, '/schools');
    assert.deepEqual([refused.statusCode, refused.json().$errors[0].code], [400, 'INVALID_INTEGRATION_STATE']);
    const again = await t.call({
      method: 'POST',
      url: `/api/v1/applications/${setup.developer.application.id}/requests`,
      token: setup.developer.token,
      payload: { team_id: setup.organization.team.id },
    });
    assert.equal(again.statusCode, 409, again.body);
  });

  test('approval grants within the request, with the sharing chosen, and the token reads', async () => {
    const setup = await requested();
    const source_id = setup.organization.source.id;
    const wider = await approve(setup, {
      source_id,
      permissions: permissionIds('organizations:read', 'sso'),
      scope: 'all',
    });
    assert.equal(wider.statusCode, 400, wider.body);
    assert.match(wider.json().$errors[0].message, /did not request sso/);
    const sourceless = await approve(setup, { permissions: ORGANIZATIONS, scope: 'all' });
    assert.match(sourceless.json().$errors[0].message, /body\.source_id: required/);
    const approved = await approve(setup, { source_id, permissions: ORGANIZATIONS, scope: 'all' });
    assert.equal(approved.statusCode, 200, approved.body);
    const body = approved.json().$data;
    assert.deepEqual(
      [body.status, body.permissions, body.pending_permissions, body.source.id],
      ['active', ORGANIZATIONS, null, source_id],
    );
    assert.equal((await graphGet(t, setup.accessToken, '/schools')).statusCode, 200);
    assert.equal((await graphGet(t, setup.accessToken, '/people')).json().$errors[0].code, 'NO_PERMISSION');
    const view = await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.developer.secret);
    assert.equal(view.access_token, setup.accessToken, 'once approved, the application is given its token');
    assert.equal((await approve(setup, { permissions: ORGANIZATIONS, scope: 'all' })).statusCode, 409);
  });

  test('a requested integration is changed only by approving it', async () => {
    const setup = await requested();
    const patched = await t.call({
      method: 'PATCH',
      url: `/api/v1/integrations/${setup.integration.id}`,
      token: setup.organization.token,
      payload: { status: 'active' },
    });
    assert.equal(patched.statusCode, 409, patched.body);
    const rotated = await t.call({
      method: 'POST',
      url: `/api/v1/integrations/${setup.integration.id}/token`,
      token: setup.developer.secret,
      payload: {},
    });
    assert.equal(rotated.statusCode, 409, 'nor is a token to be had by rotating it');
    assert.equal((await graphGet(t, setup.accessToken, '/schools')).statusCode, 400);
  });

  test('declining a first request removes it and its token', async () => {
    const setup = await requested();
    const url = `/api/v1/integrations/${setup.integration.id}/decline`;
    assert.equal((await t.call({ method: 'POST', url, token: setup.organization.token })).statusCode, 200);
    const gone = await t.call({
      method: 'GET',
      url: `/api/v1/integrations/${setup.integration.id}`,
      token: setup.developer.secret,
    });
    assert.equal(gone.statusCode, 404);
    assert.equal((await graphGet(t, setup.accessToken, '/schools')).json().$errors[0].code, 'INVALID_TOKEN');
  });

  test('only the organization answers: other teams see nothing, its viewers may not', async () => {
    const setup = await requested();
    const body = { source_id: setup.organization.source.id, permissions: ORGANIZATIONS, scope: 'all' };
    const stranger = await buildOrganization(t);
    for (const token of [stranger.token, setup.developer.token]) {
      const answer = await approve(setup, body, token);
      assert.equal(answer.statusCode, 404, answer.body);
      assert.equal(answer.json().$errors[0].message, `Integration with id ${setup.integration.id} not found.`);
      const decline = `/api/v1/integrations/${setup.integration.id}/decline`;
      assert.equal((await t.call({ method: 'POST', url: decline, token })).statusCode, 404);
    }
    const viewer = await buildMember(t, setup.organization, 'viewer');
    const asViewer = await t.call({
      method: 'POST',
      url: `/api/v1/integrations/${setup.integration.id}/approve`,
      payload: body,
      ...viewer.session,
    });
    assert.equal(asViewer.statusCode, 403, asViewer.body);
    const foreignApplication = await t.call({
      method: 'POST',
      url: `/api/v1/applications/${setup.developer.application.id}/requests`,
      token: stranger.token,
      payload: { team_id: stranger.team.id },
    });
    assert.equal(foreignApplication.statusCode, 404);
    const toDeveloperTeam = await t.call({
      method: 'POST',
      url: `/api/v1/applications/${setup.developer.application.id}/requests`,
      token: setup.developer.token,
      payload: { team_id: setup.developer.team.id },
    });
    assert.equal(toDeveloperTeam.statusCode, 400);
  });

  test('a developer who is also an administrator of the organization may approve', async () => {
    const setup = await requested();
    const admin = await buildMember(t, setup.organization, 'admin');
    await t.ctx.db
      .insertInto('memberships')
      .values({ team_id: setup.developer.team.id, user_id: admin.user.id, role: 'developer' })
      .execute();
    const answer = await t.call({
      method: 'POST',
      url: `/api/v1/integrations/${setup.integration.id}/approve`,
      payload: { source_id: setup.organization.source.id, permissions: ORGANIZATIONS, scope: 'all' },
      ...admin.session,
    });
    assert.equal(answer.statusCode, 200, answer.body);
  });

  test('a grown request keeps the grant as it was and asks again; approval widens, declining keeps', async () => {
    const setup = await requested(ORGANIZATIONS);
    const source_id = setup.organization.source.id;
    await ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/approve`, setup.organization.token, {
      source_id,
      permissions: ORGANIZATIONS,
      scope: 'all',
    });
    const grow = () =>
      ok(t, 'PATCH', `/api/v1/applications/${setup.developer.application.id}`, setup.developer.token, {
        requested_permissions: WITH_PEOPLE,
      });
    await grow();
    const waiting = await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
    assert.deepEqual(
      [waiting.status, waiting.permissions, waiting.pending_permissions],
      ['active', ORGANIZATIONS, WITH_PEOPLE],
    );
    assert.equal((await graphGet(t, setup.accessToken, '/schools')).statusCode, 200);
    assert.equal((await graphGet(t, setup.accessToken, '/people')).json().$errors[0].code, 'NO_PERMISSION');
    await ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/decline`, setup.organization.token);
    const declined = await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
    assert.deepEqual(
      [declined.status, declined.permissions, declined.pending_permissions],
      ['active', ORGANIZATIONS, null],
    );
    await ok(t, 'PATCH', `/api/v1/applications/${setup.developer.application.id}`, setup.developer.token, {
      requested_permissions: ORGANIZATIONS,
    });
    await grow();
    const approved = await ok(
      t,
      'POST',
      `/api/v1/integrations/${setup.integration.id}/approve`,
      setup.organization.token,
      {
        permissions: WITH_PEOPLE,
        scope: 'all',
      },
    );
    assert.deepEqual(
      [approved.status, approved.permissions, approved.pending_permissions],
      ['active', WITH_PEOPLE, null],
    );
    assert.equal((await graphGet(t, setup.accessToken, '/people')).statusCode, 200);
  });

  test('a requested integration is never in service, whatever its dates', () => {
    const now = new Date();
    const row = { requested_status: 'requested' as const, start_date: null, end_date: null, source_id: 'x' };
    assert.equal(statusAt(row, now), 'requested');
    assert.equal(inService(row, now), undefined);
    assert.equal(inService({ ...row, requested_status: 'active' }, now)?.source_id, 'x');
  });
});
