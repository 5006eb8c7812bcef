import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GatehouseError, Integrations, ScopeForbiddenError } from '../../packages/sdk/src/index.ts';
import { createTestApp, listenOnLoopback, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import { buildTeam } from '../helpers/teams.ts';
import { addLoopbackProvider, consentUpstream, startUpstream, UPSTREAM_CLIENT_SECRET } from '../helpers/upstream.ts';

const run = promisify(execFile);
const PYTHON_CLIENT = fileURLToPath(new URL('../../clients/python', import.meta.url));
const PYTHON_TEST = fileURLToPath(new URL('./python', import.meta.url));

describe('the TypeScript SDK and the Python client against a started server', () => {
  let t: TestApp;
  let base: string;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let team: Awaited<ReturnType<typeof buildTeam>>;

  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
    base = await listenOnLoopback(t);
    upstream = await startUpstream(`${t.config.publicUrl}/api/v1/connections/callback`);
    await addLoopbackProvider(t, upstream.issuer);
    // Microsoft Graph, pointed at the loopback server, so the seed's example runs as written.
    await t.ctx.db
      .updateTable('providers')
      .set({
        authorization_url: `${upstream.issuer}/auth`,
        token_url: `${upstream.issuer}/token`,
        scopes: JSON.stringify(['api']),
        client_id: 'gatehouse',
        client_secret: await t.ctx.keyring.seal(UPSTREAM_CLIENT_SECRET, 'providers.client_secret'),
      })
      .where('name', '=', 'microsoft_graph')
      .execute();
    team = await buildTeam(t);
    await ok(t, 'PUT', '/api/v1/providers/Microsoft_Graph/mapping', team.token, { entity_id: 'tenant-1' });
    const start = await ok(t, 'POST', '/api/v1/providers/microsoft_graph/connect', team.token);
    const callback = await consentUpstream(t, start.authorization_url);
    await ok(t, 'GET', callback.pathname + callback.search, '');
  });
  after(async () => {
    await upstream.close();
    await t.close();
  });

  test('the SDK: typed answers, null only for not found, typed errors for the rest', async () => {
    const sdk = new Integrations({ url: base, apiKey: team.token });
    const data = await sdk.get('Microsoft_Graph');
    assert.ok(data?.oauth?.access_token);
    assert.equal(data?.entity_id, 'tenant-1');
    assert.equal(data?.config.tenant, 'common');
    assert.equal(await sdk.get('halopsa'), null);
    await assert.rejects(sdk.get('Microsoft_Graph', { scope: 'global' }), ScopeForbiddenError);
    await assert.rejects(
      sdk.upsertMapping('loopback', { entityId: 'x', config: { colour: 'red' } }),
      (error: unknown) => error instanceof GatehouseError && error.code === 'INVALID_REQUEST_BODY',
    );
    const mapping = await sdk.upsertMapping('loopback', { entityId: 'tenant-9', entityName: 'Nine' });
    assert.equal(mapping.organization_id, team.team.id);
    assert.equal((await sdk.getMapping('loopback', { entityId: 'tenant-9' }))?.entity_name, 'Nine');
    assert.equal(await sdk.getMapping('loopback', { entityId: 'other' }), null);
    assert.deepEqual(
      (await sdk.listMappings('loopback')).map((entry) => entry.entity_id),
      ['tenant-9'],
    );
    assert.equal(await sdk.deleteMapping('loopback'), true);
    assert.equal(await sdk.deleteMapping('loopback'), false);
    await assert.rejects(new Integrations({ url: base, apiKey: 'gh_key_wrong' }).get('loopback'), GatehouseError);
  });

  test('the SDK connects and refreshes; the entity id comes from the id_token or the token response', async () => {
    const platform = await addLoopbackProvider(t, upstream.issuer, { name: 'oidc' });
    await ok(t, 'PATCH', '/api/v1/providers/oidc', platform.token, {
      scopes: ['openid', 'api'],
      entity_id_from: { from: 'id_token', name: 'sub' },
    });
    const sdk = new Integrations({ url: base, apiKey: team.token });
    await sdk.upsertMapping('oidc', { entityId: 'pending' });
    const start = await sdk.connect('oidc');
    assert.ok(new URL(start.authorization_url).searchParams.get('scope')?.includes('openid'));
    const callback = await consentUpstream(t, start.authorization_url);
    await ok(t, 'GET', callback.pathname + callback.search, '');
    const connected = await sdk.get('oidc');
    assert.equal(connected?.entity_id, 'ada', "the id_token's subject, verified by the client");
    const refreshes = upstream.grants.refresh_token ?? 0;
    await sdk.refresh('oidc');
    assert.equal(upstream.grants.refresh_token, refreshes + 1);
    assert.notEqual((await sdk.get('oidc'))?.oauth?.access_token, connected?.oauth?.access_token);
    await assert.rejects(sdk.refresh('oidc', { scope: 'global' }), ScopeForbiddenError);

    await ok(t, 'PATCH', '/api/v1/providers/oidc', platform.token, {
      entity_id_from: { from: 'token', name: 'scope' },
    });
    const again = await consentUpstream(t, (await sdk.connect('oidc')).authorization_url);
    await ok(t, 'GET', again.pathname + again.search, '');
    assert.equal((await sdk.get('oidc'))?.entity_id, 'openid api', 'or from a field of the token response');
  });

  test("the Python client runs the seed's usage pattern and the module's other calls", async () => {
    const { stdout } = await run('python3', [`${PYTHON_TEST}/seed_usage.py`], {
      env: {
        PATH: process.env.PATH ?? '',
        PYTHONPATH: `${PYTHON_CLIENT}:${PYTHON_TEST}`,
        // Nothing may be left behind in the tree, compiled bytecode included.
        PYTHONDONTWRITEBYTECODE: '1',
        GATEHOUSE_URL: base,
        GATEHOUSE_API_KEY: team.token,
        ORG_ID: team.team.id,
      },
    });
    const out = JSON.parse(stdout);
    assert.deepEqual(out.result, { url: 'https://graph.microsoft.com/v1.0/users' });
    assert.equal(out.calls[0].headers.Authorization, `Bearer ${out.token}`);
    assert.equal(out.config.tenant, 'common');
    assert.deepEqual(out.mapping, {
      entity_id: 'tenant-456',
      entity_name: 'Acme Corp',
      organization_id: team.team.id,
      created_at: out.mapping.created_at,
    });
    assert.equal(out.found, 'tenant-456');
    assert.equal(out.other_entity, null);
    assert.deepEqual(out.listed, ['tenant-456']);
    assert.deepEqual(out.refused, { type: 'GatehouseError', status: 403, code: 'NO_PERMISSION' });
    assert.equal(out.missing, null);
    assert.deepEqual(out.deleted, [true, false]);
  });
});
