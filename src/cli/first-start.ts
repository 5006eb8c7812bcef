import type { AppContext } from '../context.ts';

/** Work done once the server listens: the demo seed lands here (see the demo feature). */
export async function firstStart(_ctx: AppContext): Promise<void> {}
