import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { CommandModule } from './command.ts';

export const migrateCommand: CommandModule = (program, config) => {
  program
    .command('migrate')
    .description('Apply pending database migrations (the server also does this at start).')
    .action(async () => {
      const settings = config();
      const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
      try {
        const applied = await migrateToLatest(database.db);
        process.stdout.write(applied.length === 0 ? 'database is current\n' : `applied: ${applied.join(', ')}\n`);
      } finally {
        await database.close();
      }
    });
};
