import { InvalidArgumentError } from 'commander';
import { presentIntegration } from '../integrations/presenters.ts';
import { listIntegrations } from '../integrations/store.ts';
import { startRuntime } from '../runtime.ts';
import type { CommandModule } from './command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function teamId(value: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError('a team id is a UUID');
  return value;
}

export const integrationsCommands: CommandModule = (program, config) => {
  const integrations = program.command('integrations').description('Integrations between sources and applications.');
  integrations
    .command('list')
    .description('List integrations (never their access tokens).')
    .option('--team <id>', 'only the integrations this team granted', teamId)
    .option('--json', 'print JSON, one object per line')
    .action(async (options: { team?: string; json?: boolean }) => {
      const runtime = await startRuntime(config());
      try {
        const rows = (await listIntegrations(runtime.db, options.team)).map((row) => presentIntegration(row));
        if (options.json) {
          for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
          return;
        }
        const table = rows.map((row) => [
          row.id,
          row.status,
          row.scope,
          row.application.name,
          row.source.name,
          row.team.name,
        ]);
        const header = ['id', 'status', 'scope', 'application', 'source', 'team'];
        const widths = header.map((name, column) =>
          Math.max(name.length, ...table.map((cells) => String(cells[column]).length)),
        );
        for (const cells of [header, ...table])
          process.stdout.write(
            `${cells
              .map((cell, column) => String(cell).padEnd(widths[column] ?? 0))
              .join('  ')
              .trimEnd()}\n`,
          );
        if (rows.length === 0) process.stdout.write('no integrations\n');
      } finally {
        await runtime.stop();
      }
    });
};
