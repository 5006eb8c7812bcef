import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { startRuntime } from '../src/runtime.ts';
import { freshTarget, type Target } from './databases.ts';
import { DATASET_OPTIONS, DATASET_USAGE, datasetFor } from './dataset.ts';
import { type Sample, sample } from './graph-load.ts';
import { casePath } from './graph-routes.ts';
import { setUpDistrict } from './graph-setup.ts';
import { count, median, megabytes, type Report } from './report.ts';

const USAGE =
  `usage: DATABASE_URL=postgres://… npm run bench -- workers ${DATASET_USAGE} ` +
  '[--connections 16] [--seconds 10] [--warmup 3] [--rounds 3]';
const GATEHOUSE = join(import.meta.dirname, '..', 'bin', 'gatehouse');
const WORKERS = [1, 2] as const;

type Server = { origin: string; child: ChildProcess };

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** `gatehouse serve --workers N` as an operator runs it, on the prepared database; resolves once it listens. */
async function serve(target: Target, workers: number): Promise<Server> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: target.url,
    GATEHOUSE_DATA_DIR: target.dataDir,
    GATEHOUSE_DEMO: 'false',
    LOG_LEVEL: 'silent',
    PORT: String(port),
  };
  const child = spawn(GATEHOUSE, ['serve', '--workers', String(workers)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const listening = new Promise<void>((resolve) =>
    lines.on('line', (line) => line.startsWith('Gatehouse listening') && resolve()),
  );
  await Promise.race([
    listening,
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`serve --workers ${workers} exited with ${code}`))),
  ]);
  return { origin: `http://127.0.0.1:${port}`, child };
}

async function stop(server: Server): Promise<void> {
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * The Graph list of 100 people, with concurrent clients, against `serve` with one worker and
 * with two, started as an operator starts them on one PostgreSQL database holding the generated
 * district (imported first, by the Graph benchmark's setup). Rounds alternate which server goes
 * first, so the machine's drift falls on both; the ratio is taken within each round.
 */
export async function run(args: string[]): Promise<Report> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATASET_OPTIONS,
      connections: { type: 'string', default: '16' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const { label, dataset } = await datasetFor({ ...values, engine: 'postgres' }, USAGE);
  const [connections, seconds, warmup, rounds] = [values.connections, values.seconds, values.warmup, values.rounds].map(
    Number,
  ) as [number, number, number, number];
  const target = await freshTarget('postgres');
  const servers: Server[] = [];
  const loads = [loadavg()[0] as number];
  // By server: one worker, two workers.
  const samples: [Sample[], Sample[]] = [[], []];
  try {
    const runtime = await startRuntime(
      loadConfig({ LOG_LEVEL: 'silent', GATEHOUSE_DATA_DIR: target.dataDir, DATABASE_URL: target.url }),
    );
    const district = await setUpDistrict(runtime, dataset.dir).finally(() => runtime.stop());
    for (const workers of WORKERS) servers.push(await serve(target, workers));
    const headers = { authorization: `Bearer ${district.token}` };
    const url = (server: Server) => `${server.origin}${casePath('list', 'graph', district.personId)}`;
    for (const [index, server] of servers.entries())
      await sample(`warm-up, ${WORKERS[index]} workers`, url(server), headers, connections, warmup);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order)
        samples[index as 0 | 1].push(
          await sample(`${WORKERS[index]} workers`, url(servers[index] as Server), headers, connections, seconds),
        );
      loads.push(loadavg()[0] as number);
      console.error(`workers: round ${round + 1}/${rounds} done, load average ${loads.at(-1)?.toFixed(2)}`);
    }
  } finally {
    for (const server of servers) await stop(server);
    await target.drop();
  }
  const [one, two] = samples;
  const ratios = two.map((sampled, round) => sampled.rps / (one[round] as Sample).rps);
  const times = (ratio: number) => `${ratio.toFixed(2)}×`;
  const rps = (of: Sample[]) => count(median(of.map((sampled) => sampled.rps)));
  const latency = (of: Sample[]) =>
    `${median(of.map((sampled) => sampled.p50))} / ${median(of.map((sampled) => sampled.p99))}`;
  return {
    title: `serve --workers: Graph list of 100 people, ${label}`,
    columns: ['2 workers ÷ 1', '1 worker req/s', '2 workers req/s', '1 worker p50 / p99', '2 workers p50 / p99'],
    rows: [
      [
        `${times(median(ratios))} (${times(Math.min(...ratios))}–${times(Math.max(...ratios))})`,
        rps(one),
        rps(two),
        latency(one),
        latency(two),
      ],
    ],
    notes: [
      `Requests per second: the median over ${rounds} rounds, the ratio taken within each round ` +
        '(lowest and highest in brackets); latencies in ms.',
      `autocannon in the benchmark's process: ${connections} connections, ${seconds} s per server and round ` +
        `after a ${warmup} s warm-up; PostgreSQL on the same machine.`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${megabytes(totalmem())}, Node ${process.version}; ` +
        `load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} across the run.`,
    ],
  };
}
