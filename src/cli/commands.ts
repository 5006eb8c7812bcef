import { Command, CommanderError } from 'commander';
import { describeSettings } from '../config.ts';
import { adminCommands } from './admin.ts';
import type { CommandEnv, CommandModule } from './command.ts';
import { Forwarded } from './forward.ts';
import { importCommand } from './import.ts';
import { integrationsCommands } from './integrations.ts';
import { keysCommands } from './keys.ts';
import { listCommands } from './lists.ts';
import { migrateCommand } from './migrate.ts';
import { serveCommand } from './serve.ts';
import { signingKeysCommands } from './signing-keys.ts';
import { usersCommands } from './users.ts';

/** What a running server does for the operator over its channel: every command but `serve`. */
const OPERATOR_COMMANDS: CommandModule[] = [
  migrateCommand,
  keysCommands,
  signingKeysCommands,
  adminCommands,
  usersCommands,
  listCommands,
  integrationsCommands,
  importCommand,
];

const COMMANDS: CommandModule[] = [serveCommand(runInServer), ...OPERATOR_COMMANDS];

function settingsHelp(): string {
  const rows = describeSettings().map((setting) => {
    const fallback = setting.default === undefined ? '' : ` (default: ${setting.default})`;
    return `  ${setting.name.padEnd(26)} ${setting.description}${fallback}`;
  });
  return [
    '',
    'Settings come from the environment:',
    ...rows,
    '',
    'Tests: `npm test` runs them all, `npm test -- test/ops/routes.test.ts` one file',
    '(on PostgreSQL with DATABASE_URL=postgres://…).',
  ].join('\n');
}

function buildProgram(env: CommandEnv, commands: CommandModule[]): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: a self-hosted integration hub.')
    .addHelpText('after', settingsHelp())
    .configureOutput({ writeOut: (text) => env.io.out(text), writeErr: (text) => env.io.err(text) })
    .exitOverride();
  for (const register of commands) register(program, env);
  return program;
}

/** Runs one command line; errors print as one line. Resolves with the exit code. */
export async function runCli(argv: string[], env: CommandEnv, commands = COMMANDS): Promise<number> {
  try {
    await buildProgram(env, commands).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof Forwarded) return error.exitCode;
    if (error instanceof CommanderError) return error.exitCode;
    env.io.err(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** A command line the operator channel brought to the running server. */
function runInServer(argv: string[], env: CommandEnv): Promise<number> {
  return runCli(argv, env, OPERATOR_COMMANDS);
}
