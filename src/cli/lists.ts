import { presentImport } from '../roster-import/presenters.ts';
import type { CommandModule } from './command.ts';
import { counted } from './import.ts';
import { allSources, allTeams, importsOf } from './store.ts';
import { JSON_OPTION, printRows, uuidOf } from './table.ts';

/** The read commands an operator reaches for first: teams, sources and a source's imports. */
export const listCommands: CommandModule = (program, env) => {
  program
    .command('teams')
    .description('Teams (organizations, developer teams, the platform).')
    .command('list')
    .description('List every team with its number of members.')
    .option(...JSON_OPTION)
    .action(async (options: { json?: boolean }) => {
      const rows = await env.withRuntime((runtime) => allTeams(runtime.db));
      printRows(env.io, rows, {
        json: options.json,
        empty: 'no teams',
        columns: [
          ['id', (row) => row.id],
          ['kind', (row) => row.kind],
          ['members', (row) => row.members],
          ['name', (row) => row.name],
        ],
      });
    });

  program
    .command('sources')
    .description("Teams' connections to providers, with the rostering data they bring in.")
    .command('list')
    .description('List sources, to find the id `gatehouse import` needs.')
    .option('--team <id>', "only this team's sources", uuidOf('team'))
    .option(...JSON_OPTION)
    .action(async (options: { team?: string; json?: boolean }) => {
      const rows = await env.withRuntime((runtime) => allSources(runtime.db, options.team));
      printRows(env.io, rows, {
        json: options.json,
        empty: 'no sources',
        columns: [
          ['id', (row) => row.id],
          ['provider', (row) => row.provider],
          ['state', (row) => row.state],
          ['name', (row) => row.name],
          ['team', (row) => row.team],
        ],
      });
    });

  program
    .command('imports')
    .description('OneRoster imports of a source.')
    .command('list')
    .description("List a source's imports, oldest first, with their outcome.")
    .argument('<source_id>', 'id of the source', uuidOf('source'))
    .option(...JSON_OPTION)
    .action(async (sourceId: string, options: { json?: boolean }) => {
      const rows = (await env.withRuntime((runtime) => importsOf(runtime.db, sourceId))).map(presentImport);
      printRows(env.io, rows, {
        json: options.json,
        empty: 'no imports',
        columns: [
          ['id', (row) => row.id],
          ['state', (row) => row.state],
          ['mode', (row) => row.mode],
          ['started', (row) => row.started_date],
          ['seconds', (row) => ((row.duration_ms ?? 0) / 1000).toFixed(1)],
          ['issues', (row) => `${counted(row.error_count, 'error')}, ${counted(row.warning_count, 'warning')}`],
        ],
      });
    });
};
