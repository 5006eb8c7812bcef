import { parseArgs } from 'node:util';
import { PRESETS, type PresetName } from '../src/demo/generator.ts';
import { ensureDataset, totalRows } from './dataset.ts';

const USAGE = `usage: node bench/generate.ts [--preset ${Object.keys(PRESETS).join('|')}] [--seed S] [--out DIR]
Writes a seeded OneRoster 1.1 CSV set (default: district preset, seed 1, bench/out/<preset>-<seed>).`;

const { values } = parseArgs({
  options: { preset: { type: 'string', default: 'district' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help || !(values.preset in PRESETS)) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const started = performance.now();
const dataset = await ensureDataset(values.preset as PresetName, values.seed, values.out);
const seconds = (performance.now() - started) / 1000;
console.log(`${dataset.reused ? 'up to date' : `generated in ${seconds.toFixed(1)} s`}: ${dataset.dir}`);
console.log(`${totalRows(dataset.counts).toLocaleString('en-US')} rows: ${JSON.stringify(dataset.counts)}`);
console.log(`people by role: ${JSON.stringify(dataset.roles)}`);
