import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Before `npm start`: builds the admin console when it has never been built (a fresh clone or a
 * production install), so that starting the server is still the only step. A built console is
 * left alone; `npm run console:build` rebuilds it.
 */
const root = fileURLToPath(new URL('../console/', import.meta.url));
if (!existsSync(`${root}dist/index.html`)) {
  process.stdout.write('Building the admin console (console/dist)…\n');
  await build({ root, logLevel: 'warn' });
}
