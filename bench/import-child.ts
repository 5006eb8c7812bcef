// One import in a process of its own, so that the peak memory measured is the import's and not
// the benchmark's. Arguments: the CSV folder and a data directory; BENCH_DATABASE_URL picks
// PostgreSQL. Prints one JSON line on stdout.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { providerId } from '../src/providers/catalog.ts';
import { type ImportSummary, runImport } from '../src/roster-import/service.ts';
import type { Progress } from '../src/roster-import/stage.ts';
import { startRuntime } from '../src/runtime.ts';
import { megabytes } from './report.ts';

/**
 * `peakRssBytes` is sampled during the import; `maxRssBytes` is the kernel's peak for the whole
 * process, start-up included. `cpuSeconds` is this process's user + system time during the import:
 * all the work on PGlite, the client's share on PostgreSQL.
 */
export type ChildReport = {
  seconds: number;
  cpuSeconds: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  maxRssBytes: number;
  result: ImportSummary;
};

const [dir, dataDir] = process.argv.slice(2);
if (!dir || !dataDir) throw new Error('usage: node bench/import-child.ts <csv folder> <data dir>');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  GATEHOUSE_DEMO: 'false',
  GATEHOUSE_DATA_DIR: dataDir,
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
});
const runtime = await startRuntime(config);
try {
  const teamId = randomUUID();
  const sourceId = randomUUID();
  await runtime.db
    .insertInto('teams')
    .values({ id: teamId, name: 'Benchmark district', kind: 'organization' })
    .execute();
  await runtime.db
    .insertInto('sources')
    .values({
      id: sourceId,
      team_id: teamId,
      provider_id: providerId('oneroster'),
      entity_id: null,
      name: 'Benchmark OneRoster',
      state: 'active',
      external_entity_id: null,
      external_entity_name: null,
      config: '{}',
      credentials: null,
      sso_client_secret: null,
    })
    .execute();
  const rssBeforeBytes = process.memoryUsage().rss;
  let peakRssBytes = rssBeforeBytes;
  const sample = () => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 50);
  let staged = 'starting';
  const onProgress = (progress: Progress) => {
    sample();
    staged =
      progress.bytes < progress.totalBytes
        ? `staging ${megabytes(progress.bytes)}/${megabytes(progress.totalBytes)} (${progress.file})`
        : 'resolving and merging';
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const heartbeat = setInterval(() => {
    console.error(
      `importing… ${((performance.now() - started) / 1000).toFixed(0)} s, ${staged}, ` +
        `RSS ${megabytes(process.memoryUsage().rss)}`,
    );
  }, 10_000);
  const result = await runImport(runtime, sourceId, dir, { onProgress });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  clearInterval(heartbeat);
  sample();
  const report: ChildReport = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBeforeBytes,
    peakRssBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    result,
  };
  console.log(JSON.stringify(report));
} finally {
  await runtime.stop();
}
