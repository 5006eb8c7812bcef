import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sweepTokens } from '../../src/connections/sweeper.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import { findPlaintext } from '../helpers/plaintext.ts';
import { buildTeam } from '../helpers/teams.ts';
import {
  addLoopbackProvider,
  connectedTeam,
  consentUpstream,
  startUpstream,
  UPSTREAM_CLIENT_SECRET,
} from '../helpers/upstream.ts';

const connection = '/api/v1/providers/loopback/connection';

describe('connecting to a real OAuth server and keeping its tokens fresh', () => {
  let t: TestApp;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let team: Awaited<ReturnType<typeof buildTeam>>;
  const seen: string[] = [];

  before(async () => {
    // The provider runs on this machine, which only an operator's setting allows.
    t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
    upstream = await startUpstream(`${t.config.publicUrl}/api/v1/connections/callback`);
    await addLoopbackProvider(t, upstream.issuer);
    team = await buildTeam(t);
    await ok(t, 'PUT', '/api/v1/providers/loopback/mapping', team.token, { entity_id: 'pending', entity_name: 'Acme' });
  });
  after(async () => {
    await upstream.close();
    await t.close();
  });

  /** A read of the connection refused as `code`, and the mapping showing `state`. */
  async function readRefused(status: number, code: string, state: string) {
    const refused = await t.call({ method: 'GET', url: connection, token: team.token });
    assert.equal(refused.statusCode, status, refused.body);
    assert.equal(refused.json().$errors[0].code, code);
    const mapping = await ok(t, 'GET', '/api/v1/providers/loopback/mapping', team.token);
    assert.equal(mapping.refresh_state, state);
  }

  /** Moves the stored token's expiry, as time passing would. */
  const expireIn = (seconds: number) =>
    t.ctx.db
      .updateTable('connection_tokens')
      .set({ expires_at: new Date(Date.now() + seconds * 1000) })
      .execute();

  test('connect: to the provider with state and PKCE and back; the state is single-use', async () => {
    const start = await ok(t, 'POST', '/api/v1/providers/loopback/connect', team.token);
    const authorize = new URL(start.authorization_url);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    const callback = await consentUpstream(t, start.authorization_url);
    const done = await t.call({ method: 'GET', url: callback.pathname + callback.search });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().$data.team_id, team.team.id);
    const replay = await t.call({ method: 'GET', url: callback.pathname + callback.search });
    assert.equal(replay.statusCode, 400, 'a state is taken once');
    assert.equal(upstream.grants.authorization_code, 1);
    const audit = await ok(t, 'GET', `/api/v1/teams/${team.team.id}/audit`, team.token);
    const connected = audit.find((entry: { action: string }) => entry.action === 'connection.connected');
    assert.equal(connected?.actor.type, 'api_key', 'the audit names who started connecting');

    const data = await ok(t, 'GET', connection, team.token);
    assert.equal(data.entity_id, upstream.issuer, 'the entity id comes from where the provider definition says');
    assert.ok(data.oauth.access_token && data.oauth.refresh_token);
    assert.equal(data.oauth.client_secret, UPSTREAM_CLIENT_SECRET);
    assert.ok(new Date(data.oauth.expires_at).getTime() > Date.now() + 3000_000);
    seen.push(data.oauth.access_token, data.oauth.refresh_token);
  });

  test('a token within its margin is refreshed on read; the refresh token rotates', async () => {
    const before = await ok(t, 'GET', connection, team.token);
    await expireIn(30);
    const after = await ok(t, 'GET', connection, team.token);
    assert.notEqual(after.oauth.access_token, before.oauth.access_token);
    assert.notEqual(after.oauth.refresh_token, before.oauth.refresh_token);
    assert.equal(upstream.grants.refresh_token, 1);
    const again = await ok(t, 'GET', connection, team.token);
    assert.equal(again.oauth.access_token, after.oauth.access_token, 'a fresh token is used as it is');
    seen.push(after.oauth.access_token, after.oauth.refresh_token);
  });

  test('100 concurrent reads of an expired token make exactly one refresh upstream', async () => {
    await expireIn(-10);
    const before = upstream.grants.refresh_token ?? 0;
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => t.call({ method: 'GET', url: connection, token: team.token })),
    );
    assert.ok(answers.every((answer) => answer.statusCode === 200));
    assert.equal(new Set(answers.map((answer) => answer.json().$data.oauth.access_token)).size, 1);
    assert.equal(upstream.grants.refresh_token, before + 1);
    seen.push(answers[0]?.json().$data.oauth.refresh_token);
  });

  test('the sweeper refreshes what falls due before anyone reads it', async () => {
    await expireIn(90);
    const before = upstream.grants.refresh_token ?? 0;
    assert.equal(await sweepTokens(t.ctx), 1);
    assert.equal(upstream.grants.refresh_token, before + 1);
    assert.equal(await sweepTokens(t.ctx), 0, 'a fresh token is not swept again');
  });

  test("the proxy calls only the declared API, with the fresh token, for the caller's own team", async () => {
    const proxy = '/api/v1/connections/loopback/proxy';
    const answer = await t.call({ method: 'GET', url: `${proxy}/users/7?$top=2`, token: team.token });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.deepEqual(answer.json(), { path: '/api/users/7?$top=2', method: 'GET' });
    const data = await ok(t, 'GET', connection, team.token);
    assert.equal(upstream.api.at(-1)?.authorization, `Bearer ${data.oauth.access_token}`);
    const posted = await t.call({ method: 'POST', url: `${proxy}/users`, token: team.token, payload: { name: 'Ada' } });
    assert.equal(posted.json().method, 'POST');
    const requested = upstream.paths.length;
    for (const outside of ['..%2F..%2Ftoken', '%2e%2e/%2e%2e/token', '..%2F..%2Fauth']) {
      const refused = await t.call({ method: 'GET', url: `${proxy}/${outside}`, token: team.token });
      assert.ok([400, 404].includes(refused.statusCode), `${outside}: ${refused.body}`);
    }
    assert.equal(upstream.paths.length, requested, 'nothing outside the declared API was requested');
    const audit = await ok(t, 'GET', `/api/v1/teams/${team.team.id}/audit?$last=20`, team.token);
    assert.ok(audit.some((entry: { action: string }) => entry.action === 'connection.proxied'));
    const otherHost = await t.call({ method: 'GET', url: `${proxy}/%2F%2Fevil.example/x`, token: team.token });
    assert.equal(otherHost.json().path, '/api/evil.example/x', 'a path naming a host stays a path');
    const other = await buildTeam(t);
    assert.equal((await t.call({ method: 'GET', url: `${proxy}/users`, token: other.token })).statusCode, 404);
    const foreign = await t.call({
      method: 'GET',
      url: `${proxy}/users`,
      token: other.token,
      headers: { 'gatehouse-scope': team.team.id },
    });
    assert.equal(foreign.statusCode, 403);
  });

  test('no token or client secret in plain text in any column, before and after keys rotate', async () => {
    const secrets = [...seen, UPSTREAM_CLIENT_SECRET].filter(Boolean);
    assert.ok(secrets.length >= 6);
    assert.deepEqual(await findPlaintext(t.ctx.db, secrets), []);
    await t.ctx.keyring.rotate(0);
    assert.deepEqual(await findPlaintext(t.ctx.db, secrets), []);
    const data = await ok(t, 'GET', connection, team.token);
    assert.equal(data.oauth.client_secret, UPSTREAM_CLIENT_SECRET);
  });
  test('refresh_failed while the provider is away, then refresh_recovered; reauth_required when refused', async () => {
    const provider = await t.ctx.db
      .selectFrom('providers')
      .select('token_url')
      .where('name', '=', 'loopback')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('providers')
      .set({ token_url: 'http://127.0.0.1:9/token' })
      .where('name', '=', 'loopback')
      .execute();
    await expireIn(-10);
    await readRefused(502, 'REFRESH_FAILED', 'refresh_failed');
    await t.ctx.db
      .updateTable('providers')
      .set({ token_url: provider.token_url })
      .where('name', '=', 'loopback')
      .execute();
    const cooling = await t.call({ method: 'GET', url: connection, token: team.token });
    assert.equal(cooling.statusCode, 502, 'a read that does not force waits out the cooldown');
    const recovered = await ok(t, 'POST', '/api/v1/providers/loopback/refresh', team.token);
    assert.equal(recovered.refresh_state, 'refresh_recovered');

    const bogus = await t.ctx.keyring.seal('not-a-refresh-token', 'connection_tokens.refresh_token');
    await t.ctx.db.updateTable('connection_tokens').set({ refresh_token: bogus }).execute();
    await expireIn(-10);
    await readRefused(409, 'REAUTH_REQUIRED', 'reauth_required');
  });

  test('failures count once a day; on the third day the token is given up until someone connects again', async () => {
    const other = await connectedTeam(t);
    const tokenRow = () =>
      t.ctx.db
        .selectFrom('connection_tokens')
        .selectAll()
        .where('team_id', '=', other.team.id)
        .executeTakeFirstOrThrow();
    const away = (url: string | null) =>
      t.ctx.db.updateTable('providers').set({ token_url: url }).where('name', '=', 'loopback').execute();
    const { token_url } = await t.ctx.db
      .selectFrom('providers')
      .select('token_url')
      .where('name', '=', 'loopback')
      .executeTakeFirstOrThrow();
    await away('http://127.0.0.1:9/token');
    try {
      // A forced refresh that fails leaves the token as it was while it lasts, and says so.
      const refresh = () => ok(t, 'POST', '/api/v1/providers/loopback/refresh', other.token);
      assert.equal((await refresh()).refresh_state, 'refresh_failed');
      assert.equal((await refresh()).refresh_state, 'refresh_failed');
      assert.equal((await tokenRow()).failed_days, 1, 'twice the same day counts once');
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await t.ctx.db
        .updateTable('connection_tokens')
        .set({ failed_days: 2, last_failure_date: yesterday })
        .where('team_id', '=', other.team.id)
        .execute();
      assert.equal((await refresh()).refresh_state, 'reauth_required');
      assert.equal((await tokenRow()).failed_days, 3);
    } finally {
      await away(token_url);
    }
    await t.ctx.db
      .updateTable('connection_tokens')
      .set({ expires_at: new Date(Date.now() - 10_000) })
      .where('team_id', '=', other.team.id)
      .execute();
    const still = await t.call({ method: 'GET', url: connection, token: other.token });
    assert.equal(still.statusCode, 409, 'the provider being back does not undo it: the team must connect again');
    assert.equal(still.json().$errors[0].code, 'REAUTH_REQUIRED');
  });
});

describe('client-credentials providers', () => {
  let t: TestApp;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
    upstream = await startUpstream(`${t.config.publicUrl}/api/v1/connections/callback`);
    await addLoopbackProvider(t, upstream.issuer, { name: 'machine', mode: 'oauth2_client_credentials' });
  });
  after(async () => {
    await upstream.close();
    await t.close();
  });

  test('a token is minted per mapping and scope and used until it nears expiry, not minted per call', async () => {
    const teams = [await buildTeam(t), await buildTeam(t)];
    const tokens: string[] = [];
    for (const [index, team] of teams.entries()) {
      await ok(t, 'PUT', '/api/v1/providers/machine/mapping', team.token, { entity_id: `tenant-${index}` });
      const reads = await Promise.all(
        Array.from({ length: 10 }, () => ok(t, 'GET', '/api/v1/providers/machine/connection', team.token)),
      );
      assert.equal(new Set(reads.map((read) => read.oauth.access_token)).size, 1);
      tokens.push(reads[0].oauth.access_token);
    }
    assert.notEqual(tokens[0], tokens[1], 'each team has its own token');
    assert.equal(upstream.grants.client_credentials, 2);
    await t.ctx.db
      .updateTable('connection_tokens')
      .set({ expires_at: new Date(Date.now() + 5000) })
      .execute();
    await ok(t, 'GET', '/api/v1/providers/machine/connection', (teams[0] as { token: string }).token);
    assert.equal(upstream.grants.client_credentials, 3, 'within the margin, a new one is minted');
    assert.deepEqual(await findPlaintext(t.ctx.db, tokens), []);
  });
});
