import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { onPostgres } from '../helpers/app.ts';
import { type Child, exited, freePort, poll, runGatehouse, spawnGatehouse, stopAll } from '../helpers/processes.ts';
import { generatedSet } from '../helpers/roster.ts';

const PASSWORD = 'correct horse battery staple';

/** A server on a fresh data directory, as an operator starts one. */
async function server(dataDir: string) {
  const port = await freePort();
  const env = {
    GATEHOUSE_DATA_DIR: dataDir,
    PORT: String(port),
    GATEHOUSE_ADMIN_PASSWORD: PASSWORD,
    GATEHOUSE_DEMO: 'true',
  };
  return { env, url: `http://127.0.0.1:${port}`, child: spawnGatehouse(['serve'], env) };
}

const ready = (url: string, child: Child) => poll(`${url}/health/ready`, child, (status) => status === 200);

/** Runs `import` and calls `then` once its progress shows rows staged. */
async function importUntilProgress(
  env: Record<string, string>,
  sourceId: string,
  path: string,
  then: (child: Child) => void,
) {
  const child = spawnGatehouse(['import', sourceId, path], env);
  let seen = false;
  child.stderr.on('data', () => {
    if (!seen && /\.csv [1-9]\d* rows/.test(child.output().stderr)) {
      seen = true;
      then(child);
    }
  });
  const result = await exited(child);
  assert.ok(seen, `the import ended before it showed progress:\n${result.stderr}`);
  return result;
}

async function signIn(url: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe('one process per embedded data directory', { skip: onPostgres && 'the embedded database only' }, () => {
  const dirs: string[] = [];
  let small: string;
  let large: string;
  before(async () => {
    small = await generatedSet({ schools: 1, studentsPerSchool: 20, seed: 'operator' });
    large = await generatedSet({ schools: 8, studentsPerSchool: 500, seed: 'operator-large' });
  });
  after(() => {
    stopAll();
    for (const dir of [...dirs, small, large]) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-operator-'));
    dirs.push(dir);
    return dir;
  };

  test('while the server runs every command works through it; a kill loses nothing, a restart keeps all', async () => {
    const dir = dataDir();
    const first = await server(dir);
    const { env, url } = first;
    await ready(url, first.child);

    const sources = await runGatehouse(['sources', 'list', '--json'], env);
    assert.equal(sources.code, 0, sources.stderr);
    const source = JSON.parse(lines(sources.stdout)[0]!) as { id: string; provider: string };
    assert.equal(source.provider, 'oneroster');
    const commands: Array<[string[], RegExp]> = [
      [['migrate'], /^database is current\n$/],
      [['teams', 'list'], /Maple Valley School District/],
      [['integrations', 'list'], /active\s+all\s+Demo App/],
      [['imports', 'list', source.id], /succeeded\s+bulk/],
      [['keys', 'rotate', '--grace', '0'], /^re-sealed \d+ secrets under key/],
      [['signing-keys', 'rotate'], /^(published|signing key) \S+/],
      [['admin', 'create', '--email', 'ops@example.org', '--password', PASSWORD], /created platform administrator/],
      [
        ['users', 'reset-password', '--email', 'ops@example.org'],
        /^reset the password of ops@example\.org to (\S+)\n$/,
      ],
      [['import', source.id, small, '--allow-removals'], /^import \S+ succeeded/],
    ];
    let password = '';
    for (const [args, expected] of commands) {
      const result = await runGatehouse(args, env);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, expected, args.join(' '));
      password = expected.exec(result.stdout)?.[1] ?? password;
    }

    const second = spawnGatehouse(['serve'], { ...env, PORT: String(await freePort()) });
    const refused = await exited(second);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(
        /^gatehouse: the data directory \S+ is in use by gatehouse serve \(pid \d+ on \S+\); /.source +
          /stop it first, or set GATEHOUSE_DATA_DIR to another directory\n$/.source,
      ),
    );

    // The command's process dies; the server it handed the import to cancels it.
    const killed = await importUntilProgress(env, source.id, large, (child) => child.kill('SIGKILL'));
    assert.equal(killed.code, null);
    // The server goes on serving, with everything it had.
    assert.equal(await signIn(url, 'ops@example.org', password), 200);
    const history = async () =>
      lines((await runGatehouse(['imports', 'list', source.id, '--json'], env)).stdout).map(
        (line) => JSON.parse(line) as { state: string; errors: Array<{ message: string }> },
      );
    let states = await history();
    for (let attempt = 0; attempt < 100 && states.at(-1)?.state === 'running'; attempt++) states = await history();
    assert.deepEqual(
      states.map((entry) => entry.state),
      ['succeeded', 'succeeded', 'failed'],
    );
    assert.match(states[2]?.errors[0]?.message ?? '', /cancelled/);

    // A stop during an import: the server cancels it, stops cleanly, and the directory opens again.
    const during = await importUntilProgress(env, source.id, large, () => first.child.kill('SIGTERM'));
    assert.equal(during.code, 1);
    assert.match(during.stdout, /cancelled before it finished/);
    assert.equal((await exited(first.child)).code, 0);
    assert.deepEqual(readdirSync(dir).sort(), ['pgdata', 'secret.key']);

    const restarted = await server(dir);
    await ready(restarted.url, restarted.child);
    assert.equal(await signIn(restarted.url, 'ops@example.org', password), 200);
    const after = await runGatehouse(['imports', 'list', source.id], restarted.env);
    assert.deepEqual(
      lines(after.stdout)
        .slice(1)
        .map((line) => line.split(/\s+/)[1]),
      ['succeeded', 'succeeded', 'failed', 'failed'],
    );
    const teams = await runGatehouse(['teams', 'list'], restarted.env);
    assert.equal(lines(teams.stdout).length, 4, teams.stdout);
    restarted.child.kill('SIGTERM');
    assert.equal((await exited(restarted.child)).code, 0);
  });

  test('of two servers racing to start one serves, the other refuses; a stop while seeding loses nothing', async () => {
    const dir = dataDir();
    const racers = [await server(dir), await server(dir)];
    const outcomes = await Promise.all(
      racers.map(({ url, child }) =>
        poll(`${url}/health/ready`, child, (status, body) => status === 503 && body.includes('seeding')).then(
          () => 'serving',
          () => 'refused',
        ),
      ),
    );
    assert.deepEqual([...outcomes].sort(), ['refused', 'serving']);
    const winner = racers[outcomes.indexOf('serving')]!;
    const loser = await exited(racers[outcomes.indexOf('refused')]!.child);
    assert.equal(loser.code, 1);
    assert.match(loser.stderr, /^gatehouse: the data directory \S+ is in use by gatehouse serve .*\n$/);

    // Stopped while it seeds the demo district: it finishes that first, then stops.
    winner.child.kill('SIGTERM');
    assert.equal((await exited(winner.child)).code, 0);
    const again = await server(dir);
    await ready(again.url, again.child);
    const teams = await runGatehouse(['teams', 'list'], again.env);
    assert.equal(lines(teams.stdout).length, 4, teams.stdout);
    const integrations = await runGatehouse(['integrations', 'list'], again.env);
    assert.match(integrations.stdout, /active\s+all\s+Demo App/);
    again.child.kill('SIGTERM');
    assert.equal((await exited(again.child)).code, 0);
  });
});
