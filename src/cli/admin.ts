import { randomBytes } from 'node:crypto';
import { createUser } from '../teams/service.ts';
import type { CommandModule } from './command.ts';

export const adminCommands: CommandModule = (program, env) => {
  const admin = program.command('admin').description('Platform administrators.');
  admin
    .command('create')
    .description('Create a platform administrator; prints a generated password when none is given.')
    .requiredOption('--email <email>', 'email address to sign in with')
    .option('--password <password>', 'password (at least 12 characters); read from GATEHOUSE_ADMIN_PASSWORD when unset')
    .option('--name <name>', 'display name')
    .action(async (options: { email: string; password?: string; name?: string }) => {
      const password =
        options.password ?? env.getenv('GATEHOUSE_ADMIN_PASSWORD') ?? randomBytes(18).toString('base64url');
      if (password.length < 12) throw new Error('the password must be at least 12 characters');
      await env.withRuntime(async (runtime) => {
        const user = await createUser(runtime.db, {
          email: options.email,
          password,
          name: options.name ?? null,
          platformAdmin: true,
        });
        const shown = options.password || env.getenv('GATEHOUSE_ADMIN_PASSWORD') ? '' : ` with password ${password}`;
        env.io.out(`created platform administrator ${user.email}${shown}\n`);
      });
    });
};
