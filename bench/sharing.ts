import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Engine, freshTarget } from './databases.ts';
import { DATASET_OPTIONS, DATASET_USAGE, datasetFor } from './dataset.ts';
import { count, type Report, seconds } from './report.ts';
import type { SharingReport } from './sharing-child.ts';

const HERE = resolve(import.meta.dirname, '..');

/**
 * What sharing costs as integrations multiply: a source's first import with N integrations of
 * scope `all` on it, then creating one more (`all`) and one of scope `selected` (one school).
 * With `--base DIR`, an earlier checkout (its own `src`, the same steps) runs each measurement
 * just before this one, on the same machine in the same sitting: before and after side by side.
 */
export async function run(args: string[]): Promise<Report> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATASET_OPTIONS,
      schools: { type: 'string', default: '2' },
      integrations: { type: 'string', default: '0,10,30,100' },
      base: { type: 'string' },
    },
  });
  const usage = `usage: npm run bench -- sharing ${DATASET_USAGE} [--integrations 0,10,30,100] [--base DIR]`;
  const { engines, label, dataset } = await datasetFor(values, usage);
  const counts = values.integrations.split(',').map(Number);
  const trees = values.base ? [resolve(values.base), HERE] : [HERE];
  const loadBefore = loadavg()[0]!;
  const rows: string[][] = [];
  for (const engine of engines) {
    const none = new Map<string, number>();
    for (const integrations of counts) {
      const measured: Array<{ tree: string; report: SharingReport }> = [];
      for (const tree of trees) {
        console.error(`${engine}: ${integrations} integrations, code of ${tree}`);
        const report = await inChild(engine, tree, dataset.dir, integrations);
        if (integrations === 0) none.set(tree, report.importSeconds);
        measured.push({ tree, report });
      }
      const cells = (pick: (report: SharingReport, tree: string) => string) =>
        measured.map(({ tree, report }) => pick(report, tree)).join(' → ');
      rows.push([
        engine,
        count(integrations),
        cells((report) => seconds(report.importSeconds)),
        cells((report, tree) => ratio(report.importSeconds, none.get(tree))),
        cells((report) => seconds(report.createAllSeconds)),
        cells((report) => seconds(report.createSelectedSeconds)),
      ]);
    }
  }
  const people =
    dataset.roles.student +
    dataset.roles.teacher +
    dataset.roles.administrator +
    dataset.roles.parent +
    dataset.roles.guardian;
  return {
    title: `Sharing at scale: ${label}`,
    columns: [
      'engine',
      'integrations `all`',
      'first import',
      'import ÷ with none',
      'create an `all` integration',
      'create a `selected` one (1 school)',
    ],
    rows,
    notes: [
      `${count(people)} people. ` +
        (trees.length > 1 ? `Each cell: before → after (before: the code in ${trees[0]}).` : ''),
      'Every measurement on an empty database of its own, in a child process; ' +
        'the integrations exist before the first import; the creations follow it.',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
        `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after.`,
    ],
  };
}

const ratio = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}×` : '–');

async function inChild(engine: Engine, tree: string, dir: string, integrations: number): Promise<SharingReport> {
  const target = await freshTarget(engine);
  try {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'sharing-child.ts'), tree, dir, target.dataDir, String(integrations)],
      {
        cwd: tree,
        env: { ...process.env, BENCH_DATABASE_URL: target.url ?? '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    return await new Promise((done, fail) => {
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0
          ? done(JSON.parse(output.trim().split('\n').at(-1)!))
          : fail(new Error(`the child exited with ${code}`)),
      );
    });
  } finally {
    await target.drop();
  }
}
