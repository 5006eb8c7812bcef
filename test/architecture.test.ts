import assert from 'node:assert/strict';
import { test } from 'node:test';
import madge from 'madge';

test('no import cycle in src/, type-only imports included', async () => {
  const graph = await madge('src', { fileExtensions: ['ts'], detectiveOptions: { ts: { skipTypeImports: false } } });
  assert.deepEqual(graph.circular(), []);
});
