import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keyEnabledIn } from '../../src/auth/bindings.ts';
import { demoInstructions, seedDemo } from '../../src/demo/seed.ts';
import { findKey } from '../../src/developer-keys/store.ts';
import { ensurePlatformAdmin } from '../../src/teams/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('demo', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await ensurePlatformAdmin(t.ctx.db, undefined, undefined);
  });
  after(() => t.close());

  test('the first start seeds a district the printed command can read, and only the first', async () => {
    const seed = await seedDemo(t.ctx);
    assert.ok(seed && seed.people > 100, 'a district with people');
    const command = demoInstructions('http://gatehouse.test', seed);
    const [, token, url] = /'Authorization: Bearer (\S+)' '([^']+)'/.exec(command) ?? [];
    const response = await t.call({
      method: 'GET',
      url: (url as string).replace('http://gatehouse.test', ''),
      token: token as string,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().$data.length, 5);
    const key = await findKey(t.ctx.db, seed.applicationId);
    assert.ok(
      key && (await keyEnabledIn(t.ctx.db, key, seed.districtId)),
      "the demo application's key is on for the district",
    );
    const demoSources = await t.ctx.db.selectFrom('sources').select('name').where('demo', '=', true).execute();
    assert.deepEqual(demoSources, [{ name: 'Maple Valley School District SIS' }], 'only its source offers the picker');
    assert.equal(await seedDemo(t.ctx), undefined);
  });

  test('`npm start` on a fresh data directory says demo mode is on, prints the administrator and a curl that works', {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-serve-'));
    const port = await freePort();
    const server = spawn('node_modules/.bin/node', ['src/main.ts', 'serve'], {
      env: {
        ...process.env,
        PORT: String(port),
        GATEHOUSE_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        // Unset, as `npm start` runs: the embedded database's default.
        GATEHOUSE_DEMO: '',
      },
    });
    try {
      let output = '';
      server.stdout.on('data', (chunk) => {
        output += chunk;
      });
      while (!output.includes('curl')) {
        if (server.exitCode !== null) assert.fail(`the server exited: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const firstLines = output.split('\n').slice(0, 3).join('\n');
      assert.match(firstLines, /^Demo mode is on \(the default of the embedded database\)/m);
      assert.match(
        output,
        /Created platform administrator admin@gatehouse\.local with password \S{20,} \(shown once\)/,
      );
      const [, token, url] = /'Authorization: Bearer (\S+)' '([^']+)'/.exec(output) ?? [];
      assert.ok(url?.startsWith(`http://127.0.0.1:${port}/api/v2/graph/people`));
      const response = await fetch(url as string, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { $data: unknown[] }).$data.length, 5);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
