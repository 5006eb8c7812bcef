import { buildApp } from '../app.ts';
import { startRuntime } from '../runtime.ts';
import { ensurePlatformAdmin } from '../teams/service.ts';
import type { CommandModule } from './command.ts';
import { firstStart } from './first-start.ts';

export const serveCommand: CommandModule = (program, config) => {
  program
    .command('serve')
    .description('Run the server: applies migrations, runs scheduled jobs, seeds demo data on first start.')
    .action(async () => {
      const settings = config();
      const runtime = await startRuntime(settings, { workers: true });
      const admin = await ensurePlatformAdmin(runtime.db, settings.adminEmail, settings.adminPassword);
      if (admin?.password)
        process.stdout.write(
          `Created platform administrator ${admin.email} with password ${admin.password} (shown once).\n`,
        );
      const app = await buildApp(runtime);
      await app.listen({ port: settings.port, host: settings.host });
      await firstStart(runtime);
      process.stdout.write(
        `Gatehouse listening on ${settings.publicUrl} (database: ${runtime.database.kind}); API docs at ${settings.publicUrl}/docs\n`,
      );
      const shutdown = async () => {
        await app.close();
        await runtime.stop();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
};
