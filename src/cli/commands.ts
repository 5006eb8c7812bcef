import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { adminCommands } from './admin.ts';
import type { CommandModule } from './command.ts';
import { importCommand } from './import.ts';
import { integrationsCommands } from './integrations.ts';
import { keysCommands } from './keys.ts';
import { migrateCommand } from './migrate.ts';
import { serveCommand } from './serve.ts';
import { signingKeysCommands } from './signing-keys.ts';

/** Every CLI command, each in its own module. */
const COMMANDS: CommandModule[] = [
  serveCommand,
  migrateCommand,
  keysCommands,
  signingKeysCommands,
  adminCommands,
  integrationsCommands,
  importCommand,
];

export function registerCommands(program: Command, config: () => Config): void {
  for (const register of COMMANDS) register(program, config);
}
