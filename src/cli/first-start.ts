import type { AppContext } from '../context.ts';
import { demoInstructions, demoNotice, seedDemo } from '../demo/seed.ts';

/**
 * Work done once the server listens. Demo mode says so first, as it lets anyone sign in as a
 * person of the demo district. The demo seeds only the embedded database: a PostgreSQL server
 * is a real deployment's, and it starts empty.
 */
export async function firstStart(ctx: AppContext): Promise<void> {
  if (!ctx.config.demo) return;
  process.stdout.write(`${demoNotice(ctx.config)}\n`);
  if (ctx.database.kind !== 'pglite') return;
  const seed = await seedDemo(ctx);
  if (seed) process.stdout.write(`${demoInstructions(ctx.config.publicUrl, seed)}\n`);
}
