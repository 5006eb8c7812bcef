import { migrateToLatest } from '../db/migrate.ts';
import type { CommandModule } from './command.ts';

export const migrateCommand: CommandModule = (program, env) => {
  program
    .command('migrate')
    .description('Apply pending database migrations (the server also does this at start).')
    .action(async () => {
      const applied = await env.withDatabase((db) => migrateToLatest(db));
      env.io.out(applied.length === 0 ? 'database is current\n' : `applied: ${applied.join(', ')}\n`);
    });
};
