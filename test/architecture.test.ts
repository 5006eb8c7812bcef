import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { test } from 'node:test';
import madge from 'madge';

test('no import cycle in src/, type-only imports included', async () => {
  const graph = await madge('src', { fileExtensions: ['ts'], detectiveOptions: { ts: { skipTypeImports: false } } });
  assert.deepEqual(graph.circular(), []);
});

/** Query building or SQL text: Kysely's builders and its `sql` tag. */
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(`|<|\.[a-z]+\()/;

/** Where SQL may be: a feature's store (`store.ts`, `…-store.ts`, a `store/` folder) and the database layer. */
const STORE = /(^|\/)store\.ts$|-store\.ts$|\/store\/|^src\/db\//;

test('SQL only in stores: routes, services and pages hold none', async () => {
  const offenders: string[] = [];
  for await (const file of glob('src/**/*.ts')) {
    if (STORE.test(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (SQL.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});

/** Biome's formatter wraps code at 120 columns but leaves strings, templates and comments as written. */
test('no line over 120 columns in src/, test/, bench/ and packages/', async () => {
  const offenders: string[] = [];
  for await (const file of glob('{src,test,bench,packages}/**/*.ts', { exclude: ['**/node_modules/**'] })) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.length > 120) offenders.push(`${file}:${index + 1}: ${line.length} columns`);
    });
  }
  assert.deepEqual(offenders, []);
});

test('no file under src/ over 300 lines', async () => {
  const offenders: string[] = [];
  for await (const file of glob('src/**/*.ts')) {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (lines.length > 300) offenders.push(`${file}: ${lines.length} lines`);
  }
  assert.deepEqual(offenders, []);
});
