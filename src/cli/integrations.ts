import { presentIntegration } from '../integrations/presenters.ts';
import { listIntegrations } from '../integrations/store.ts';
import type { CommandModule } from './command.ts';
import { JSON_OPTION, printRows, uuidOf } from './table.ts';

export const integrationsCommands: CommandModule = (program, env) => {
  const integrations = program.command('integrations').description('Integrations between sources and applications.');
  integrations
    .command('list')
    .description('List integrations (never their access tokens).')
    .option('--team <id>', 'only the integrations this team granted', uuidOf('team'))
    .option(...JSON_OPTION)
    .action(async (options: { team?: string; json?: boolean }) => {
      const rows = await env.withRuntime(async (runtime) =>
        (await listIntegrations(runtime.db, options.team)).map((row) => presentIntegration(row)),
      );
      printRows(env.io, rows, {
        json: options.json,
        empty: 'no integrations',
        columns: [
          ['id', (row) => row.id],
          ['status', (row) => row.status],
          ['scope', (row) => row.scope],
          ['application', (row) => row.application.name],
          ['source', (row) => row.source?.name ?? '(requested)'],
          ['team', (row) => row.team.name],
        ],
      });
    });
};
