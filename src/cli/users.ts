import { randomBytes } from 'node:crypto';
import { hashPassword } from '../lib/tokens.ts';
import type { CommandModule } from './command.ts';
import { setPassword } from './store.ts';

export const usersCommands: CommandModule = (program, env) => {
  const users = program.command('users').description('Gatehouse user accounts.');
  users
    .command('reset-password')
    .description("Set a user's password and sign them out everywhere; prints a generated one when none is given.")
    .requiredOption('--email <email>', 'email address the user signs in with')
    .option('--password <password>', 'the new password (at least 12 characters)')
    .action(async (options: { email: string; password?: string }) => {
      const password = options.password ?? randomBytes(18).toString('base64url');
      if (password.length < 12) throw new Error('the password must be at least 12 characters');
      const hash = await hashPassword(password);
      const found = await env.withRuntime((runtime) => setPassword(runtime.db, options.email, hash));
      if (!found) throw new Error(`no user has the email ${options.email}`);
      env.io.out(`reset the password of ${options.email}${options.password ? '' : ` to ${password}`}\n`);
    });
};
