import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type Engine, freshTarget } from './databases.ts';
import { DATASET_OPTIONS, DATASET_USAGE, datasetFor } from './dataset.ts';
import { check, measure, type Sample, type Samples } from './graph-load.ts';
import { CASES, type Route } from './graph-routes.ts';
import type { Ready } from './graph-server.ts';
import { count, median, megabytes, type Report } from './report.ts';

const OPTIONS = '[--connections 10] [--seconds 5] [--warmup 3] [--rounds 5]';
const USAGE = `usage: npm run bench -- graph ${DATASET_USAGE} ${OPTIONS}`;

/**
 * autocannon against the Graph API of a real listening server, on each engine asked for, after
 * importing the generated district: fetch by id, a page of 100 people, a filtered page. Each as a
 * ratio to a baseline route without token or sharing check and to a constant route.
 */
export async function run(args: string[]): Promise<Report> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATASET_OPTIONS,
      connections: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '5' },
    },
  });
  const { engines, label, dataset } = await datasetFor(values, USAGE);
  const options = {
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    rounds: Number(values.rounds),
  };
  const loads: number[] = [loadavg()[0]!];
  const table: string[][] = [];
  const notes: string[] = [];
  for (const engine of engines) {
    const { ready, rows, samples } = await onEngine(engine, dataset.dir, async (server) => ({
      rows: await check(server),
      samples: await measure(server, options, (line) => {
        loads.push(loadavg()[0]!);
        console.error(`${engine}: ${line}`);
      }),
    }));
    table.push(...CASES.map((name) => tableRow(engine, name, samples[name])));
    notes.push(
      `${engine}: import ${ready.importSeconds.toFixed(1)} s; ` +
        `the integration shares ${count(ready.sharedPeople)} people of ${ready.targets} schools; ` +
        'records answered by the Graph and baseline routes alike: ' +
        `${CASES.map((name) => `${name} ${rows[name]}`).join(', ')}.`,
    );
  }
  return {
    title: `Graph API: ${label}`,
    columns: [
      'engine',
      'case',
      'Graph ÷ baseline',
      'Graph ÷ constant',
      'baseline ÷ constant',
      'Graph req/s',
      'baseline req/s',
      'constant req/s',
      'Graph p50 / p99',
      'baseline p50 / p99',
      'constant p50 / p99',
    ],
    rows: table,
    notes: [
      ...notes,
      `Ratios are of requests per second: the median over ${options.rounds} rounds of each round's ratio, ` +
        'the lowest and highest in brackets. Absolute figures are medians over the rounds; ' +
        "latencies in ms, at autocannon's 1 ms resolution.",
      `autocannon: ${options.connections} connections, ${options.seconds} s per route and round ` +
        `after a ${options.warmupSeconds} s warm-up of each; ` +
        'routes of a case run back to back, in an order that turns each round.',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${megabytes(totalmem())}, Node ${process.version}; ` +
        `load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} across the run.`,
    ],
  };
}

// Two significant digits: a ratio to the constant route can be a few thousandths.
const times = (ratio: number) => `${Number(ratio.toPrecision(2))}×`;

function tableRow(engine: Engine, name: string, samples: Samples[keyof Samples]): string[] {
  const ratio = (top: Route, bottom: Route) => {
    const ratios = samples[top].map((sample, round) => sample.rps / (samples[bottom][round] as Sample).rps);
    return `${times(median(ratios))} (${times(Math.min(...ratios))}–${times(Math.max(...ratios))})`;
  };
  const rps = (route: Route) => count(median(samples[route].map((sample) => sample.rps)));
  const latency = (route: Route) =>
    `${median(samples[route].map((sample) => sample.p50))} / ${median(samples[route].map((sample) => sample.p99))}`;
  return [
    engine,
    name,
    ratio('graph', 'baseline'),
    ratio('graph', 'constant'),
    ratio('baseline', 'constant'),
    rps('graph'),
    rps('baseline'),
    rps('constant'),
    latency('graph'),
    latency('baseline'),
    latency('constant'),
  ];
}

/**
 * Runs `work` against a server child on an empty database of `engine`;
 * the child stops and the database is dropped, whatever happens.
 */
async function onEngine<T>(
  engine: Engine,
  dir: string,
  work: (server: Ready) => Promise<T>,
): Promise<T & { ready: Ready }> {
  const target = await freshTarget(engine);
  try {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'graph-server.ts'), dir, target.dataDir], {
      env: { ...process.env, BENCH_DATABASE_URL: target.url ?? '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      // The child prints one line once it has imported the district and listens.
      const [line] = await Promise.race([
        once(createInterface({ input: child.stdout }), 'line'),
        exited.then(([code]) => Promise.reject(new Error(`the server process exited with ${code} before it listened`))),
      ]);
      const ready = JSON.parse(line as string) as Ready;
      return { ...(await work(ready)), ready };
    } finally {
      // Closing its stdin stops the child.
      child.stdin.end();
      await exited;
    }
  } finally {
    await target.drop();
  }
}
