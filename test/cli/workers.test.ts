import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { processAlive } from '../../src/lib/processes.ts';
import { rotateSigningKey } from '../../src/oauth/signing-key-rotation.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';
import { ALL_PERMISSIONS, buildDeveloper, buildIntegration, buildOrganization } from '../helpers/integrations.ts';
import { type Child, exited, freePort, runGatehouse, spawnGatehouse, stopAll } from '../helpers/processes.ts';
import { buildSource, countGraph } from '../helpers/roster.ts';
import { generatedSet, zipFolder } from '../helpers/sets.ts';
import { type Connection, connectionsByWorker, eventually, logLines } from '../helpers/workers.ts';

describe('serve --workers on the embedded database', () => {
  test('is refused before the data directory is opened, saying PostgreSQL is needed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-workers-'));
    try {
      const result = await runGatehouse(['serve', '--workers', '2'], { GATEHOUSE_DATA_DIR: dataDir, PORT: '0' });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /2 workers need PostgreSQL \(DATABASE_URL\)/);
      assert.deepEqual(readdirSync(dataDir), []);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const skip = !onPostgres && 'skipped: serve --workers runs on PostgreSQL only; set DATABASE_URL to run these';

describe('serve --workers 2 on PostgreSQL', { skip }, () => {
  let t: TestApp;
  let child: Child;
  let origin: string;
  let workers: Map<number, Connection>;
  let first: Connection;
  let second: Connection;
  const workerPids = () =>
    logLines(child)
      .filter((line) => line.worker === 'primary' && /^worker \d+ listening$/.test(line.msg))
      .map((line) => line.worker_pid as number);

  before(async () => {
    // The records are made in this process, on the database the server runs on.
    t = await createTestApp();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    child = spawnGatehouse(['serve', '--workers', '2'], { ...t.env, PORT: String(port), LOG_LEVEL: 'info' });
    // The primary says so once every worker listens; the port answers as soon as the first does.
    await eventually('the server start', () => child.output().stdout.includes('Gatehouse listening'), 120_000);
    workers = await connectionsByWorker(origin, 2);
    [first, second] = [workers.get(1) as Connection, workers.get(2) as Connection];
  });
  after(async () => {
    for (const connection of workers?.values() ?? []) await connection.close();
    stopAll();
    await t.close();
  });

  test('both workers answer on the one port, and the log says which worker wrote each line', async () => {
    for (const [id, connection] of workers) {
      const answer = await connection.call('GET', '/health/ready');
      assert.deepEqual(answer.json(), { status: 'ready', database: 'postgres', worker: id });
    }
    const ready = logLines(child).filter((line) => line.msg === 'worker ready');
    assert.deepEqual(ready.map((line) => line.worker).sort(), [1, 2]);
  });

  test('a token revoked through one worker is refused by the other at its next request', async () => {
    const { integration, organization, accessToken } = await buildIntegration(t);
    // The second worker has checked the token before, so anything it kept of it would be warm.
    for (let i = 0; i < 3; i++)
      assert.equal((await second.call('GET', '/api/v2/graph/people', accessToken)).status, 200);
    const deleted = await first.call('DELETE', `/api/v1/integrations/${integration.id}`, organization.token);
    assert.equal(deleted.status, 200);
    const refused = await second.call('GET', '/api/v2/graph/people', accessToken);
    assert.equal(refused.status, 401);
    assert.equal(refused.json().$errors[0].code, 'INVALID_TOKEN');
  });

  test('a signing key rotated elsewhere is published by every worker at its next request', async () => {
    const kids = async (connection: Connection) =>
      ((await connection.call('GET', '/login/oauth2/jwks')).json().keys as Array<{ kid: string }>).map(
        (key) => key.kid,
      );
    const before = await kids(first);
    assert.deepEqual(await kids(second), before);
    const rotation = await rotateSigningKey(t.ctx, 0);
    assert.ok(rotation.started && !before.includes(rotation.kid));
    for (const connection of [first, second]) assert.ok((await kids(connection)).includes(rotation.kid));
  });

  test('an integration scheduled through a worker is activated once, by one job', async () => {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t);
    const created = await first.call('POST', `/api/v1/teams/${organization.team.id}/integrations`, organization.token, {
      source_id: organization.source.id,
      application_id: developer.application.id,
      permissions: ALL_PERMISSIONS,
      scope: 'all',
      start_date: new Date(Date.now() + 2000).toISOString(),
    });
    assert.equal(created.status, 200);
    const id = created.json().$data.id as string;
    const activations = () =>
      t.ctx.db
        .selectFrom('audit_log')
        .select('id')
        .where('target_id', '=', id)
        .where('action', '=', 'integration.activated')
        .execute();
    await eventually('the activation', async () => (await activations()).length > 0);
    // Long enough for a second process acting on the same schedule to have done so too.
    await new Promise((done) => setTimeout(done, 3000));
    assert.equal((await activations()).length, 1);
  });

  test('imports into one source through two workers queue: one creates, the other finds it done', async () => {
    const { sourceId, token } = await buildSource(t);
    const zip = await zipFolder(await generatedSet({ schools: 2, studentsPerSchool: 60, seed: 'workers' }));
    const answers = await Promise.all(
      [first, second].map((connection) => connection.call('POST', `/api/v1/sources/${sourceId}/imports`, token, zip)),
    );
    const summaries = answers.map((answer) => {
      assert.equal(answer.status, 200, JSON.stringify(answer.json()));
      return answer.json().$data;
    });
    const people = (await countGraph(t, sourceId)).people ?? 0;
    assert.ok(people > 0);
    const created = summaries.map((summary) => summary.changes.people.created).sort((a, b) => a - b);
    assert.deepEqual(created, [0, people]);
  });

  test('a worker that dies is replaced, with a log line naming it', async () => {
    const [victim] = workerPids();
    process.kill(victim as number, 'SIGKILL');
    const line = await eventually('the log line', () =>
      logLines(child).find((entry) => entry.worker_pid === victim && entry.signal === 'SIGKILL'),
    );
    assert.match(String(line?.msg), /^worker \d+ exited with signal SIGKILL; starting another in its place$/);
    await eventually('a third worker', () => workerPids().length === 3);
    const replacement = await connectionsByWorker(origin, 2).catch(() => undefined);
    assert.ok(replacement, 'two workers answer again');
    for (const connection of replacement.values()) await connection.close();
  });

  test('SIGTERM stops the workers, each answering its request under way, then the primary, which exits 0', async () => {
    const pids = workerPids().filter(processAlive);
    assert.equal(pids.length, 2);
    const { sourceId, token } = await buildSource(t);
    const zip = await zipFolder(await generatedSet({ schools: 3, studentsPerSchool: 150, seed: 'draining' }));
    const upload = fetch(`${origin}/api/v1/sources/${sourceId}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
      body: zip,
    });
    // The import's row exists once a worker has the whole upload and runs it.
    await eventually('the import under way', async () => {
      const imports = await t.ctx.db.selectFrom('imports').select('id').where('source_id', '=', sourceId).execute();
      return imports.length > 0;
    });
    child.kill('SIGTERM');
    const answer = await upload;
    assert.equal(answer.status, 200);
    assert.equal(((await answer.json()) as { $data: { state: string } }).$data.state, 'succeeded');
    const result = await exited(child);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(pids.filter(processAlive), []);
    // Each stopped by itself once its answers were sent, none killed for lingering.
    assert.deepEqual(
      logLines(child).filter((line) => /did not stop/.test(line.msg)),
      [],
    );
  });
});
