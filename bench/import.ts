import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyFloor, type Floor } from './copy-floor.ts';
import { type Engine, freshTarget, type Target } from './databases.ts';
import { DATASET_OPTIONS, DATASET_USAGE, datasetFor, totalRows } from './dataset.ts';
import type { ChildReport } from './import-child.ts';
import { count, megabytes, type Report, seconds } from './report.ts';

// A floor is a best case, and COPY is quick enough to repeat: the fastest of a few runs is kept,
// which takes some of the machine's noise out of the ratio. The import, minutes long, runs once.
const FLOOR_RUNS = 3;

/**
 * OneRoster import of the generated district against its floor, PostgreSQL `COPY` of the same
 * rows, on each engine asked for. Each measurement gets an empty database of its own.
 */
export async function run(args: string[]): Promise<Report> {
  const { values } = parseArgs({
    args,
    options: DATASET_OPTIONS,
  });
  const { engines, label, dataset } = await datasetFor(values, `usage: npm run bench -- import ${DATASET_USAGE}`);
  const loadBefore = loadavg()[0]!;
  const rows = totalRows(dataset.counts);
  const { student, teacher, administrator, parent, guardian } = dataset.roles;
  const people = student + teacher + administrator + parent + guardian;
  const table: string[][] = [];
  const floorRanges: string[] = [];
  for (const engine of engines) {
    const floors: Floor[] = [];
    for (let run = 0; run < FLOOR_RUNS; run++)
      floors.push(await measure(engine, (target) => copyFloor(target, dataset.dir)));
    const floor = floors.reduce((best, next) => (next.seconds < best.seconds ? next : best));
    floorRanges.push(`${engine} ${floors.map((run) => run.seconds.toFixed(2)).join(', ')} s`);
    const imported = await measure(engine, (target) => importInChild(target, dataset.dir));
    table.push([
      engine,
      `${(imported.seconds / floor.seconds).toFixed(1)}×`,
      count(rows / imported.seconds),
      megabytes(imported.peakRssBytes),
      seconds(imported.seconds),
      seconds(floor.seconds),
      count(floor.rows / floor.seconds),
      seconds(imported.cpuSeconds),
      megabytes(imported.rssBeforeBytes),
      megabytes(imported.maxRssBytes),
    ]);
  }
  return {
    title: `OneRoster import: ${label}`,
    columns: [
      'engine',
      'import ÷ COPY',
      'import rows/s',
      'peak RSS',
      'import',
      'COPY',
      'COPY rows/s',
      'import process CPU',
      'RSS before',
      'process max RSS',
    ],
    rows: table,
    notes: [
      `${count(rows)} rows: ${Object.entries(dataset.counts)
        .map(([file, rows]) => `${file} ${count(rows)}`)
        .join(', ')}; ${count(people)} people.`,
      'COPY: the same CSV files into one all-text table per file, one transaction, no index (the floor); ' +
        `fastest of ${FLOOR_RUNS}: ${floorRanges.join('; ')}.`,
      'Import: `runImport` into a new source, in a child process; peak RSS sampled during the import, ' +
        'process max RSS includes start-up; ' +
        'CPU is the child process only (all the work on PGlite, the client side on PostgreSQL).',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${megabytes(totalmem())}, Node ${process.version}; ` +
        `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after ` +
        '(other work on the machine skews every number).',
    ],
  };
}

async function measure<T>(engine: Engine, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await freshTarget(engine);
  try {
    return await work(target);
  } finally {
    await target.drop();
  }
}

function importInChild(target: Target, dir: string): Promise<ChildReport> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'import-child.ts'), dir, target.dataDir], {
    env: { ...process.env, BENCH_DATABASE_URL: target.url ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the import process exited with ${code}`));
      const report = JSON.parse(output.trim().split('\n').at(-1)!) as ChildReport;
      if (report.result.state !== 'succeeded')
        return reject(new Error(`the import ended ${report.result.state}: ${JSON.stringify(report.result.errors)}`));
      resolve(report);
    });
  });
}
