import type { CommandModule } from './command.ts';

export const keysCommands: CommandModule = (program, env) => {
  const keys = program.command('keys').description('Sealing keys of stored secrets.');
  keys
    .command('rotate')
    .description('Seal every stored secret under a new data key, then delete the old keys. Servers keep running.')
    .option('--grace <seconds>', 'how long running servers get to pick up the new key before re-sealing starts', '10')
    .action(async (options: { grace: string }) => {
      const grace = Number(options.grace);
      if (!Number.isFinite(grace) || grace < 0) throw new Error('--grace must be a number of seconds');
      await env.withRuntime(async (runtime) => {
        const result = await runtime.keyring.rotate(grace * 1000, (count) => {
          if (count % 100 === 0) env.io.err(`\rre-sealed ${count}`);
        });
        env.io.out(
          `re-sealed ${result.resealed} secrets under key ${result.keyId}; ` +
            `deleted ${result.retired.length ? result.retired.join(', ') : 'no old keys'}\n`,
        );
      });
    });
};
