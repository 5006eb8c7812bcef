import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GenerateResult, generateOneRoster, PRESETS, type PresetName } from '../src/demo/generator.ts';
import { progressBar } from './progress.ts';

export const OUT = join(import.meta.dirname, 'out');
const GENERATOR = join(import.meta.dirname, '..', 'src', 'demo');
const STAMP = '.generated.json';

export type Dataset = { dir: string; counts: GenerateResult['counts']; roles: GenerateResult['roles']; reused: boolean };

/**
 * The generated set for a preset and seed, generated again only when the options or the
 * generator's code changed since the folder was written (a stamp file records both).
 */
export async function ensureDataset(preset: PresetName, seed: string, dir = join(OUT, `${preset}-${seed}`)): Promise<Dataset> {
  const options = { seed, ...PRESETS[preset] };
  const fingerprint = createHash('sha256').update(JSON.stringify(options));
  for (const file of readdirSync(GENERATOR).sort()) fingerprint.update(readFileSync(join(GENERATOR, file)));
  const digest = fingerprint.digest('hex');
  const stampPath = join(dir, STAMP);
  if (existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (stamp.digest === digest) return { dir, counts: stamp.counts, roles: stamp.roles, reused: true };
  }
  await rm(dir, { recursive: true, force: true });
  const bar = progressBar(`generating ${preset} (seed ${seed})`, options.schools, 'schools');
  const result = await generateOneRoster(dir, { ...options, onProgress: (progress) => bar.update(progress.schools, { rows: progress.rows }) });
  bar.stop();
  await writeFile(stampPath, JSON.stringify({ digest, options, ...result }, null, 2));
  return { dir, ...result, reused: false };
}

export function totalRows(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, rows) => sum + rows, 0);
}
