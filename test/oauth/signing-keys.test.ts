import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, beforeEach, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { pruneSigningKeys, rotateIfDue, rotateSigningKey } from '../../src/oauth/signing-key-rotation.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  authorizeUrl,
  Browser,
  buildUserKey,
  codeOf,
  injectSender,
  REDIRECT_URI,
  signInAsUser,
} from '../helpers/oauth.ts';

const exec = promisify(execFile);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * id_token signing keys rotate without breaking a client: a new key is in the key set before it
 * signs anything, and the key it replaces stays there until the last id_token it signed has
 * expired. The operator rotates with `gatehouse signing-keys rotate`; a daily job rotates a key
 * that has signed for 90 days.
 */
describe('id_token signing keys', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ persistent: true, workers: true });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const jwks = async () => (await t.call({ method: 'GET', url: '/login/oauth2/jwks' })).json() as JSONWebKeySet;
  const kids = async () => (await jwks()).keys.map((key) => key.kid);
  const kidOf = (idToken: string) => decodeProtectedHeader(idToken).kid;
  /** Moves the rotation under way into the past, `ago` milliseconds before now. */
  async function rotatedAgo(ago: number) {
    const at = new Date(Date.now() - ago);
    await t.ctx.db
      .updateTable('oauth_signing_keys')
      .set({ retired_date: at })
      .where('retired_date', 'is not', null)
      .execute();
    await t.ctx.db
      .updateTable('oauth_signing_keys')
      .set({ active_date: at })
      .where('retired_date', 'is', null)
      .execute();
  }

  /** A user signed in with `openid`, and a way to get a fresh id_token from their refresh token. */
  async function signedIn() {
    const s = await buildUserKey(t);
    const location = await signInAsUser(
      new Browser(injectSender(t)),
      authorizeUrl(t.config.publicUrl, { client_id: s.key.id, scope: 'openid' }),
      s.organization.user.email,
      s.organization.password,
    );
    const client = { client_id: s.key.id, client_secret: s.key.client_secret };
    const token = (payload: Record<string, string>) =>
      t.call({ method: 'POST', url: '/login/oauth2/token', payload: { ...payload, ...client } });
    const first = (
      await token({ grant_type: 'authorization_code', code: codeOf(location).code, redirect_uri: REDIRECT_URI })
    ).json();
    const idToken = async () =>
      (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json().id_token as string;
    assert.ok(first.id_token, JSON.stringify(first));
    return { first: first.id_token as string, idToken, clientId: s.key.id };
  }

  test('a new key is published before it signs; the old one stays until its id_tokens expire', async () => {
    const session = await signedIn();
    const oldKid = kidOf(session.first);
    assert.deepEqual(await kids(), [oldKid]);

    const rotation = await rotateSigningKey(t.ctx, 3600);
    assert.equal(rotation.started, true);
    assert.deepEqual(await kids(), [rotation.kid, oldKid], 'published ahead');
    assert.equal(kidOf(await session.idToken()), oldKid, 'but not signing yet');
    const again = await rotateSigningKey(t.ctx, 3600);
    assert.deepEqual([again.started, again.kid], [false, rotation.kid], 'a rotation under way is not stacked');

    await rotatedAgo(10 * 60 * 1000);
    const fresh = await session.idToken();
    assert.equal(kidOf(fresh), rotation.kid, 'the new key signs from its time on');
    const keySet = createLocalJWKSet(await jwks());
    for (const idToken of [session.first, fresh])
      await jwtVerify(idToken, keySet, { issuer: t.config.publicUrl, audience: session.clientId });
    assert.equal(await pruneSigningKeys(t.ctx), 0, "the old key's id_tokens may still be valid");

    await rotatedAgo(61 * 60 * 1000);
    assert.deepEqual(await kids(), [rotation.kid], 'gone once its last id_token has expired');
    assert.equal(await pruneSigningKeys(t.ctx), 1);
  });

  test('the schedule replaces a key that has signed 90 days, a day ahead; it is registered with the jobs', async () => {
    const session = await signedIn();
    assert.equal(await rotateIfDue(t.ctx), undefined, 'a young key stays');
    const later = new Date(Date.now() + 91 * DAY_MS);
    const rotation = await rotateIfDue(t.ctx, later);
    assert.equal(rotation?.started, true);
    assert.equal(rotation?.activeDate.getTime(), later.getTime() + DAY_MS);
    assert.equal((await kids()).length, 2);
    assert.equal(kidOf(await session.idToken()), kidOf(session.first));
    const scheduled = await t.ctx.db
      .withSchema('pgboss')
      .selectFrom('schedule' as never)
      .select('name' as never)
      .execute();
    assert.ok((scheduled as Array<{ name: string }>).some((row) => row.name === 'oauth-signing-keys'));
  });

  test('`gatehouse signing-keys rotate` publishes a new key ahead of use', async () => {
    const session = await signedIn();
    await t.stop();
    try {
      const { stdout } = await exec(
        'node_modules/.bin/node',
        ['src/main.ts', 'signing-keys', 'rotate', '--ahead', '600'],
        {
          env: { ...process.env, ...t.env },
        },
      );
      assert.match(stdout, /^published signing key \S+; it signs from \d{4}-\d\d-\d\dT/);
    } finally {
      await t.start();
    }
    assert.equal((await kids()).length, 2);
    assert.equal(kidOf(await session.idToken()), kidOf(session.first));
  });
});
