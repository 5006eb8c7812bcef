import { parseArgs } from 'node:util';
import { PRESETS, type PresetName } from '../src/demo/generator.ts';
import { ensureDataset, totalRows } from './dataset.ts';

const PRESET_NAMES = Object.keys(PRESETS).join('|');
const USAGE = `usage: node bench/generate.ts [--preset ${PRESET_NAMES}] [--seed S] [--schools N] [--out DIR]
Writes a seeded OneRoster 1.1 CSV set (default: district preset, seed 1, bench/out/<preset>-<seed>);
--schools replaces the preset's number of schools.`;

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'district' },
    seed: { type: 'string', default: '1' },
    schools: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help || !(values.preset in PRESETS)) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const started = performance.now();
const schools = values.schools === undefined ? undefined : Number(values.schools);
const dataset = await ensureDataset({
  preset: values.preset as PresetName,
  seed: values.seed,
  schools,
  out: values.out,
});
const seconds = (performance.now() - started) / 1000;
console.log(`${dataset.reused ? 'up to date' : `generated in ${seconds.toFixed(1)} s`}: ${dataset.dir}`);
console.log(`${totalRows(dataset.counts).toLocaleString('en-US')} rows: ${JSON.stringify(dataset.counts)}`);
console.log(`people by role: ${JSON.stringify(dataset.roles)}`);
