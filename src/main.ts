import { Command, CommanderError } from 'commander';
import { registerCommands } from './cli/commands.ts';
import { ConfigError, describeSettings, loadConfig } from './config.ts';

/** `gatehouse <command>`: errors print as one line and exit non-zero. */
const program = new Command('gatehouse')
  .description('Gatehouse: a self-hosted integration hub.')
  .addHelpText(
    'after',
    `\nSettings come from the environment:\n${describeSettings()
      .map(
        (setting) =>
          `  ${setting.name.padEnd(26)} ${setting.description}${setting.default === undefined ? '' : ` (default: ${setting.default})`}`,
      )
      .join('\n')}`,
  )
  .exitOverride();

registerCommands(program, () => loadConfig());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`gatehouse: ${message}\n`);
  process.exit(1);
}
