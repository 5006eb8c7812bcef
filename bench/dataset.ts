import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GenerateResult, generateOneRoster, PRESETS, type PresetName } from '../src/demo/generator.ts';
import type { Engine } from './databases.ts';
import { progressBar } from './progress.ts';

export const OUT = join(import.meta.dirname, 'out');
const GENERATOR = join(import.meta.dirname, '..', 'src', 'demo');
const STAMP = '.generated';

/** The options of every benchmark on a generated set, for `parseArgs`, and their usage. */
export const DATASET_OPTIONS = {
  engine: { type: 'string', default: process.env.DATABASE_URL ? 'postgres' : 'pglite' },
  preset: { type: 'string', default: 'district' },
  seed: { type: 'string', default: '1' },
  schools: { type: 'string' },
} as const;
const PRESET_NAMES = Object.keys(PRESETS).join('|');
export const DATASET_USAGE = `[--engine postgres|pglite|both] [--preset ${PRESET_NAMES}] [--seed S] [--schools N]`;

/**
 * The engines and the generated set the options ask for, and how a report names the set; a bad option throws `usage`.
 */
export async function datasetFor(
  values: { engine: string; preset: string; seed: string; schools?: string | undefined },
  usage: string,
) {
  const engines = (values.engine === 'both' ? ['postgres', 'pglite'] : [values.engine]) as Engine[];
  if (!(values.preset in PRESETS) || engines.some((engine) => engine !== 'postgres' && engine !== 'pglite'))
    throw new Error(usage);
  if (engines.includes('postgres') && !process.env.DATABASE_URL)
    throw new Error('--engine postgres needs DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)');
  const schools = values.schools === undefined ? undefined : Number(values.schools);
  const label = `${values.preset} preset${schools ? ` with ${schools} schools` : ''}, seed ${values.seed}`;
  return {
    engines,
    label,
    dataset: await ensureDataset({ preset: values.preset as PresetName, seed: values.seed, schools }),
  };
}

export type Dataset = {
  dir: string;
  counts: GenerateResult['counts'];
  roles: GenerateResult['roles'];
  reused: boolean;
};

/**
 * A preset and seed; `schools` scales the preset (memory must stay flat as the set grows); `out` overrides the folder.
 */
export type DatasetRequest = {
  preset: PresetName;
  seed: string;
  schools?: number | undefined;
  out?: string | undefined;
};

/**
 * The generated set asked for, generated again only when the options or the generator's code
 * changed since the folder was written (a stamp file records both).
 */
export async function ensureDataset(request: DatasetRequest): Promise<Dataset> {
  const { preset, seed } = request;
  const options = { seed, ...PRESETS[preset], ...(request.schools !== undefined ? { schools: request.schools } : {}) };
  const dir =
    request.out ?? join(OUT, `${preset}${request.schools !== undefined ? `-${request.schools}-schools` : ''}-${seed}`);
  const fingerprint = createHash('sha256').update(JSON.stringify(options));
  for (const source of generatorSources()) fingerprint.update(source);
  const digest = fingerprint.digest('hex');
  const stampPath = join(dir, STAMP);
  if (existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (stamp.digest === digest) return { dir, counts: stamp.counts, roles: stamp.roles, reused: true };
  }
  await rm(dir, { recursive: true, force: true });
  const bar = progressBar(`generating ${preset} (seed ${seed})`, options.schools, 'schools');
  const result = await generateOneRoster(dir, {
    ...options,
    onProgress: (progress) => bar.update(progress.schools, { rows: progress.rows }),
  });
  bar.stop();
  await writeFile(stampPath, JSON.stringify({ digest, options, ...result }, null, 2));
  return { dir, ...result, reused: false };
}

/** The text of generator.ts and every file of src/demo it imports, directly or not: the code the data depends on. */
function generatorSources(): string[] {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(join(GENERATOR, file), 'utf8');
    seen.set(file, text);
    for (const [, local] of text.matchAll(/from '\.\/([\w-]+\.ts)'/g)) visit(local!);
  };
  visit('generator.ts');
  return [...seen.keys()].sort().map((file) => seen.get(file)!);
}

export function totalRows(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, rows) => sum + rows, 0);
}
