import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildDeveloper, buildOrganization } from '../helpers/integrations.ts';
import { bind, buildPlatform, createKey, REDIRECT_URI } from '../helpers/oauth.ts';
import { buildMember, signInSession } from '../helpers/teams.ts';

type As = { token?: string; cookies?: Record<string, string>; headers?: Record<string, string> };

describe('developer keys never act above the member who set their role', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const token = (keyId: string, secret: string) =>
    t.call({
      method: 'POST',
      url: '/login/oauth2/token',
      payload: { grant_type: 'client_credentials', client_id: keyId, client_secret: secret },
    });
  const createApiKey = (teamId: string, as: As) =>
    t.call({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/api-keys`,
      ...as,
      payload: { name: 'minted', role: 'owner' },
    });

  /** An organization whose owner made an owner-acting key, and a developer and an admin in the team. */
  async function ownerKey() {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t);
    const owner = await signInSession(t, organization.user.email, organization.password);
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/developer-keys`,
      ...owner,
      payload: { application_id: developer.application.id, client_credentials_role: 'owner' },
    });
    assert.equal(created.statusCode, 200, created.body);
    const key = created.json().$data;
    await bind(t, organization, key.id, 'on');
    return { organization, key, owner };
  }

  /** A key acting as admin, set by the organization's owner API key, turned on. */
  async function adminKey() {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t);
    const key = await createKey(t, organization, {
      application_id: developer.application.id,
      client_credentials_role: 'admin',
    });
    await bind(t, organization, key.id, 'on');
    return { organization, developer, key };
  }

  test('a developer cannot change, re-point, re-activate, regenerate or delete a key acting as owner', async () => {
    const { organization, key } = await ownerKey();
    const { session } = await buildMember(t, organization, 'developer');
    const url = `/api/v1/developer-keys/${key.id}`;
    for (const response of [
      await t.call({ method: 'PATCH', url, ...session, payload: { redirect_uris: ['https://evil.example/cb'] } }),
      await t.call({ method: 'PATCH', url, ...session, payload: { state: 'active' } }),
      await t.call({ method: 'PATCH', url, ...session, payload: { client_credentials_role: 'developer' } }),
      await t.call({ method: 'POST', url: `${url}/secret`, ...session }),
      await t.call({ method: 'DELETE', url, ...session }),
    ]) {
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().$errors[0].code, 'NO_PERMISSION');
      assert.match(response.json().$errors[0].message, /acts as 'owner', above your role 'developer'/);
    }
    const read = await t.call({ method: 'GET', url, ...session });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().$data.client_credentials_role, 'owner');
    assert.equal(read.json().$data.client_secret, undefined);
    assert.equal((await token(key.id, key.client_secret)).statusCode, 200, 'the key itself still works');
  });

  test('an admin may turn an owner-acting key off but not on', async () => {
    const { organization, key } = await ownerKey();
    const { session } = await buildMember(t, organization, 'admin');
    const url = `/api/v1/teams/${organization.team.id}/developer-keys/${key.id}/bindings`;
    const off = await t.call({ method: 'POST', url, ...session, payload: { state: 'off' } });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal((await token(key.id, key.client_secret)).json().error, 'unauthorized_client');
    for (const state of ['on', 'allow']) {
      const refused = await t.call({ method: 'POST', url, ...session, payload: { state } });
      assert.equal(refused.statusCode, 403, refused.body);
    }
    assert.equal((await token(key.id, key.client_secret)).json().error, 'unauthorized_client');
  });

  test("a key's tokens act with the lower of its role and its setter's, and end with the setter", async () => {
    const { organization, key } = await ownerKey();
    const granted = await token(key.id, key.client_secret);
    assert.equal(granted.statusCode, 200, granted.body);
    const bearer = { token: granted.json().access_token as string };
    const minted = await createApiKey(organization.team.id, bearer);
    assert.equal(minted.statusCode, 200, minted.body);

    const second = await buildMember(t, organization, 'owner');
    const demote = await t.call({
      method: 'PATCH',
      url: `/api/v1/teams/${organization.team.id}/members/${organization.user.id}`,
      ...second.session,
      payload: { role: 'developer' },
    });
    assert.equal(demote.statusCode, 200, demote.body);
    const refused = await createApiKey(organization.team.id, bearer);
    assert.equal(refused.statusCode, 403, refused.body);
    const fresh = await token(key.id, key.client_secret);
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal((await createApiKey(organization.team.id, { token: fresh.json().access_token })).statusCode, 403);
    const developerWork = await t.call({
      method: 'GET',
      url: `/api/v1/teams/${organization.team.id}/developer-keys`,
      ...bearer,
    });
    assert.equal(developerWork.statusCode, 200, 'still a developer there');

    const removed = await t.call({
      method: 'DELETE',
      url: `/api/v1/teams/${organization.team.id}/members/${organization.user.id}`,
      ...second.session,
    });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(
      (await t.call({ method: 'GET', url: `/api/v1/teams/${organization.team.id}`, ...bearer })).statusCode,
      401,
    );
    const ended = await token(key.id, key.client_secret);
    assert.equal(ended.statusCode, 400, ended.body);
    assert.equal(ended.json().error, 'invalid_grant');
  });

  test('a role set by a team API key follows that key: revoking it ends the tokens', async () => {
    const { organization, key } = await adminKey();
    assert.equal((await token(key.id, key.client_secret)).statusCode, 200);
    const keys = await t.call({
      method: 'GET',
      url: `/api/v1/teams/${organization.team.id}/api-keys`,
      token: organization.token,
    });
    const apiKeyId = keys.json().$data[0].id;
    const revoke = await t.call({
      method: 'DELETE',
      url: `/api/v1/teams/${organization.team.id}/api-keys/${apiKeyId}`,
      token: (await createApiKeyFor(organization)).token,
    });
    assert.equal(revoke.statusCode, 200, revoke.body);
    assert.equal((await token(key.id, key.client_secret)).json().error, 'invalid_grant');
  });

  test('a client-credentials token cannot give another key a role, nor make an acting key', async () => {
    const { organization, developer, key: admin } = await adminKey();
    const bearer = { token: (await token(admin.id, admin.client_secret)).json().access_token as string };
    const made = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/developer-keys`,
      ...bearer,
      payload: { application_id: developer.application.id, client_credentials_role: 'developer' },
    });
    assert.equal(made.statusCode, 403, made.body);
    const plain = await createKey(t, organization, { application_id: developer.application.id });
    const promoted = await t.call({
      method: 'PATCH',
      url: `/api/v1/developer-keys/${plain.id}`,
      ...bearer,
      payload: { client_credentials_role: 'viewer' },
    });
    assert.equal(promoted.statusCode, 403, promoted.body);
    const renamed = await t.call({
      method: 'PATCH',
      url: `/api/v1/developer-keys/${plain.id}`,
      ...bearer,
      payload: { name: 'Renamed by automation' },
    });
    assert.equal(renamed.statusCode, 200, 'other changes stay open to it');
  });

  /** A second owner API key of the organization, made by its owner. */
  async function createApiKeyFor(organization: { team: { id: string }; token: string }) {
    const response = await createApiKey(organization.team.id, { token: organization.token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().$data as { token: string };
  }
});

describe('inherited keys', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('a team sees global keys the platform did not turn off, without notes, contact or redirect URIs', async () => {
    const platform = await buildPlatform(t);
    const developer = await buildDeveloper(t);
    const organization = await buildOrganization(t);
    const global = async (name: string) =>
      createKey(t, developer, {
        application_id: developer.application.id,
        global: true,
        name,
        notes: 'internal: billing contact is Alice',
        email: 'alice@developer.example',
        redirect_uris: [REDIRECT_URI],
      });
    const offered = await global('Offered');
    const hidden = await global('Hidden');
    await bind(t, platform, offered.id, 'allow');
    await bind(t, platform, hidden.id, 'off');
    const listed = await t.call({
      method: 'GET',
      url: `/api/v1/teams/${organization.team.id}/developer-keys?inherited=true`,
      token: organization.token,
    });
    assert.equal(listed.statusCode, 200, listed.body);
    const keys = listed.json().$data as Array<Record<string, unknown>>;
    const ids = keys.map((key) => key.id);
    assert.ok(ids.includes(offered.id) && ids.includes(developer.application.id) === false, JSON.stringify(ids));
    assert.ok(!ids.includes(hidden.id));
    const shown = keys.find((key) => key.id === offered.id)!;
    assert.equal(shown.name, 'Offered');
    for (const field of ['notes', 'email', 'redirect_uris', 'secret_hint', 'team_id', 'client_credentials_role'])
      assert.equal(shown[field], undefined, field);
    assert.doesNotMatch(listed.body, /Alice|alice@developer/);
  });
});
