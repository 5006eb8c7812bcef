import { InvalidArgumentError } from 'commander';
import { PUBLISH_AHEAD_S, rotateSigningKey } from '../oauth/signing-key-rotation.ts';
import type { CommandModule } from './command.ts';

function seconds(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed))
    throw new InvalidArgumentError('a whole number of seconds');
  return parsed;
}

export const signingKeysCommands: CommandModule = (program, env) => {
  const keys = program
    .command('signing-keys')
    .description('Keys id_tokens are signed with (also rotated on a schedule).');
  keys
    .command('rotate')
    .description(
      'Publish a new id_token signing key now, to sign from --ahead seconds on; the current key signs ' +
        'until then and stays published until its id_tokens expire.',
    )
    .option('--ahead <seconds>', 'how long clients get to fetch the new key before it signs', seconds, PUBLISH_AHEAD_S)
    .action(async (options: { ahead: number }) => {
      await env.withRuntime(async (runtime) => {
        const rotation = await rotateSigningKey(runtime, options.ahead);
        const from = rotation.activeDate.toISOString();
        env.io.out(
          rotation.started
            ? `published signing key ${rotation.kid}; it signs from ${from}\n`
            : `signing key ${rotation.kid} is already published and signs from ${from}; nothing changed\n`,
        );
      });
    });
};
