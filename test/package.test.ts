import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * The packages a production install runs: the server's own code, and the admin console with
 * what builds it, since `npm start` builds the console when it is missing.
 */
function importedByProduction(): Set<string> {
  const found = new Set<string>();
  const files = [
    ...readdirSync('src', { recursive: true, encoding: 'utf8' }).map((file) => join('src', file)),
    ...readdirSync('console', { recursive: true, encoding: 'utf8' })
      .filter((file) => !file.startsWith('dist'))
      .map((file) => join('console', file)),
    'scripts/console-build.ts',
  ];
  for (const file of files) {
    if (!/\.tsx?$/.test(file)) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^'.][^']*)'/g)) {
      if (specifier!.startsWith('node:')) continue;
      const parts = specifier!.split('/');
      found.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return found;
}

test('a production install (npm ci --omit=dev) has what the server runs, and nothing only tests use', () => {
  const imported = importedByProduction();
  const missing = [...imported].filter((name) => !manifest.dependencies[name]);
  assert.deepEqual(missing, [], 'imported by src/ or console/ but not a dependency');
  // bin/gatehouse and `npm start` run the pinned Node from node_modules.
  assert.ok(manifest.dependencies.node, 'Node itself is a dependency');
  const unused = Object.keys(manifest.dependencies).filter((name) => name !== 'node' && !imported.has(name));
  assert.deepEqual(unused, [], 'a dependency neither src/ nor console/ imports belongs in devDependencies');
});
