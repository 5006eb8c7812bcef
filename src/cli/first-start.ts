import type { AppContext } from '../context.ts';
import { demoInstructions, seedDemo } from '../demo/seed.ts';

/**
 * Work done once the server listens. The demo seeds only the embedded database: a PostgreSQL
 * server is a real deployment's, and it starts empty.
 */
export async function firstStart(ctx: AppContext): Promise<void> {
  if (!ctx.config.demo || ctx.database.kind !== 'pglite') return;
  const seed = await seedDemo(ctx);
  if (seed) process.stdout.write(`${demoInstructions(ctx.config.publicUrl, seed)}\n`);
}
