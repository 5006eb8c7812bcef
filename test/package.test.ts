import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The packages the server's own code imports. */
function importedBySrc(): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    for (const [, specifier] of readFileSync(join('src', file), 'utf8').matchAll(/from '([^'.][^']*)'/g)) {
      if (specifier!.startsWith('node:')) continue;
      const parts = specifier!.split('/');
      found.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return found;
}

test('a production install (npm ci --omit=dev) has what the server runs, and nothing only tests use', () => {
  const imported = importedBySrc();
  const missing = [...imported].filter((name) => !manifest.dependencies[name]);
  assert.deepEqual(missing, [], 'imported by src/ but not a dependency');
  // bin/gatehouse and `npm start` run the pinned Node from node_modules.
  assert.ok(manifest.dependencies.node, 'Node itself is a dependency');
  const unused = Object.keys(manifest.dependencies).filter((name) => name !== 'node' && !imported.has(name));
  assert.deepEqual(unused, [], 'a dependency src/ never imports belongs in devDependencies');
});
