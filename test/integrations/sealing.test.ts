import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { sealedColumns } from '../../src/sealing/keyring.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration, ok } from '../helpers/integrations.ts';
import { findPlaintext } from '../helpers/plaintext.ts';

const run = promisify(execFile);
const CREDENTIAL = 'upstream-client-secret-4f9a2c7e81d3';

/** What a developer must be able to read back, before and after the keys move. */
async function readBack(t: TestApp, setup: Awaited<ReturnType<typeof buildIntegration>>) {
  const integration = await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.developer.secret);
  const source = await t.ctx.db
    .selectFrom('sources')
    .select('credentials')
    .where('id', '=', setup.organization.source.id)
    .executeTakeFirstOrThrow();
  return {
    token: integration.access_token,
    credentials: JSON.parse(await t.ctx.keyring.open(source.credentials as string, 'sources.credentials')),
  };
}

describe('sealing', () => {
  let t: TestApp;
  let setup: Awaited<ReturnType<typeof buildIntegration>>;
  let secrets: string[];
  before(async () => {
    t = await createTestApp({ persistent: true });
    setup = await buildIntegration(t);
    await ok(t, 'PATCH', `/api/v1/sources/${setup.organization.source.id}`, setup.organization.token, {
      credentials: { client_secret: CREDENTIAL },
    });
    const signIn = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: setup.organization.user.email, password: setup.organization.password },
    });
    const session = signIn.cookies.find((cookie) => cookie.name === 'gatehouse_session')?.value as string;
    secrets = [
      setup.accessToken,
      setup.developer.secret,
      setup.organization.token,
      setup.developer.token,
      session,
      CREDENTIAL,
      setup.organization.password,
    ];
  });
  after(() => t.close());

  test('no table holds an access token, secret, key, session, credential or password in plain text', async () => {
    assert.equal(secrets.length, new Set(secrets).size);
    assert.deepEqual(await findPlaintext(t.ctx.db, secrets), []);
    const sourceView = await ok(t, 'GET', `/api/v1/sources/${setup.organization.source.id}`, setup.organization.token);
    assert.equal(sourceView.has_credentials, true);
    assert.ok(!JSON.stringify(sourceView).includes(CREDENTIAL), 'credentials are never shown');
  });

  test('a sealed value copied to another column does not open', async () => {
    const row = await t.ctx.db.selectFrom('integrations').select('token_sealed').executeTakeFirstOrThrow();
    await assert.rejects(t.ctx.keyring.open(row.token_sealed, 'sources.credentials'), /failed authentication/);
  });

  test('after a rotation every sealed value opens and the old data key is gone', async () => {
    const before = await readBack(t, setup);
    const oldKeys = (await t.ctx.db.selectFrom('sealing_keys').select('id').execute()).map((row) => row.id);
    const result = await t.ctx.keyring.rotate(0);
    assert.ok(result.resealed >= 2);
    assert.deepEqual(result.retired.sort(), oldKeys.sort());
    const keys = (await t.ctx.db.selectFrom('sealing_keys').select('id').execute()).map((row) => row.id);
    assert.deepEqual(keys, [result.keyId]);
    for (const { table, column } of await sealedColumns(t.ctx.db)) {
      const stale = await t.ctx.db
        .selectFrom(table as 'integrations')
        .select('id')
        .where(column as 'token_sealed', 'not like', `sealed:v1:${result.keyId}:%`)
        .where(column as 'token_sealed', 'like', 'sealed:v1:%')
        .execute();
      assert.deepEqual(stale, [], `${table}.${column} still sealed under an old key`);
    }
    assert.deepEqual(await readBack(t, setup), before);
  });

  test('`gatehouse keys rotate` on the command line re-seals the data of a stopped server', async () => {
    const before = await readBack(t, setup);
    const oldKey = (await t.ctx.db.selectFrom('sealing_keys').select('id').executeTakeFirstOrThrow()).id;
    await t.stop();
    try {
      const { stdout } = await run('node_modules/.bin/node', ['src/main.ts', 'keys', 'rotate', '--grace', '0'], {
        env: { ...process.env, ...t.env },
      });
      assert.match(stdout, new RegExp(`re-sealed \\d+ secrets under key \\S+; deleted ${oldKey}`));
    } finally {
      await t.start();
    }
    const keys = await t.ctx.db.selectFrom('sealing_keys').select('id').execute();
    assert.equal(keys.length, 1);
    assert.notEqual(keys[0]?.id, oldKey);
    assert.deepEqual(await readBack(t, setup), before);
  });
});
