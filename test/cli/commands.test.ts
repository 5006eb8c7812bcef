import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration } from '../helpers/integrations.ts';
import { buildTeam } from '../helpers/teams.ts';

const exec = promisify(execFile);

/** Runs the command line on the project's Node; resolves with the exit code instead of throwing. */
async function gatehouse(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec('node_modules/.bin/node', ['src/main.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('command line', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ persistent: true });
  });
  after(() => t.close());

  test('every command has --help', async () => {
    for (const command of [
      ['serve'],
      ['migrate'],
      ['keys', 'rotate'],
      ['admin', 'create'],
      ['integrations', 'list'],
      ['import'],
      ['teams', 'list'],
      ['sources', 'list'],
      ['imports', 'list'],
      ['users', 'reset-password'],
    ]) {
      const result = await gatehouse([...command, '--help']);
      assert.equal(result.code, 0, command.join(' '));
      assert.match(result.stdout, new RegExp(`^Usage: gatehouse ${command.join(' ')}`), command.join(' '));
    }
    const help = await gatehouse(['--help']);
    assert.match(help.stdout, /`npm test -- test\/ops\/routes\.test\.ts` one file/);
  });

  test('errors print one clear line and exit non-zero', async () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['bogus'], {}, /^error: unknown command 'bogus'\n$/],
      [['admin', 'create'], {}, /^error: required option '--email <email>' not specified\n$/],
      [
        ['integrations', 'list', '--team', 'nope'],
        {},
        /^error: option '--team <id>' argument 'nope' is invalid\. a team id is a UUID\n$/,
      ],
      [['migrate'], { PORT: 'eighty' }, /^gatehouse: invalid configuration: PORT: must be integer\n$/],
    ];
    for (const [args, env, message] of cases) {
      const result = await gatehouse(args, env);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  test('`integrations list` shows the integrations, never their tokens', async () => {
    const { integration, accessToken } = await buildIntegration(t);
    await t.stop();
    try {
      const table = await gatehouse(['integrations', 'list'], t.env);
      assert.equal(table.code, 0, table.stderr);
      assert.match(
        table.stdout,
        new RegExp(`^${integration.id}\\s+active\\s+all\\s+Reading Coach\\s+District SIS`, 'm'),
      );
      const json = await gatehouse(['integrations', 'list', '--json', '--team', integration.team.id], t.env);
      assert.equal(JSON.parse(json.stdout).id, integration.id);
      assert.ok(!table.stdout.includes(accessToken) && !json.stdout.includes(accessToken));
    } finally {
      await t.start();
    }
  });

  test('teams, sources and imports list; a reset password signs in and ends the sessions it had', async () => {
    const { integration } = await buildIntegration(t);
    const { team, source } = integration as { team: { id: string; name: string }; source: { id: string } };
    const { user } = await buildTeam(t);
    let password = '';
    await t.stop();
    try {
      const teams = await gatehouse(['teams', 'list'], t.env);
      assert.equal(teams.code, 0, teams.stderr);
      assert.match(teams.stdout, new RegExp(`^${team.id}\\s+organization\\s+1\\s+${team.name}$`, 'm'));
      const sources = await gatehouse(['sources', 'list', '--team', team.id, '--json'], t.env);
      assert.deepEqual(
        sources.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).id),
        [source.id],
      );
      const imports = await gatehouse(['imports', 'list', source.id], t.env);
      assert.equal(imports.stdout, 'id  state  mode  started  seconds  issues\nno imports\n');
      const reset = await gatehouse(['users', 'reset-password', '--email', user.email.toUpperCase()], t.env);
      assert.equal(reset.code, 0, reset.stderr);
      password = /to (\S+)\n$/.exec(reset.stdout)?.[1] ?? '';
      const unknown = await gatehouse(['users', 'reset-password', '--email', 'nobody@example.org'], t.env);
      assert.equal(unknown.stderr, 'gatehouse: no user has the email nobody@example.org\n');
    } finally {
      await t.start();
    }
    const signIn = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: user.email, password },
      headers: { origin: 'http://gatehouse.test' },
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
  });
});
