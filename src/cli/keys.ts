import { startRuntime } from '../runtime.ts';
import type { CommandModule } from './command.ts';

export const keysCommands: CommandModule = (program, config) => {
  const keys = program.command('keys').description('Sealing keys of stored secrets.');
  keys
    .command('rotate')
    .description('Seal every stored secret under a new data key, then delete the old keys. Servers keep running.')
    .option('--grace <seconds>', 'how long running servers get to pick up the new key before re-sealing starts', '10')
    .action(async (options: { grace: string }) => {
      const grace = Number(options.grace);
      if (!Number.isFinite(grace) || grace < 0) throw new Error('--grace must be a number of seconds');
      const runtime = await startRuntime(config());
      try {
        const result = await runtime.keyring.rotate(grace * 1000, (count) => {
          if (count % 100 === 0) process.stderr.write(`\rre-sealed ${count}`);
        });
        process.stdout.write(
          `re-sealed ${result.resealed} secrets under key ${result.keyId}; deleted ${result.retired.length ? result.retired.join(', ') : 'no old keys'}\n`,
        );
      } finally {
        await runtime.stop();
      }
    });
};
