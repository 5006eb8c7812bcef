// One import in a process of its own, so that the peak memory measured is the import's and not
// the benchmark's. Arguments: the CSV folder and a data directory; BENCH_DATABASE_URL picks
// PostgreSQL. Prints one JSON line on stdout.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { providerId } from '../src/providers/catalog.ts';
import { startRuntime } from '../src/runtime.ts';

/** `peakRssBytes` is sampled during the import; `maxRssBytes` is the kernel's peak for the whole process, start-up included. */
export type ChildReport = { seconds: number; rssBeforeBytes: number; peakRssBytes: number; maxRssBytes: number; result: unknown };

type RunImport = (ctx: AppContext, sourceId: string, path: string, options: { onProgress?: (progress: unknown) => void }) => Promise<unknown>;

const [dir, dataDir] = process.argv.slice(2);
if (!dir || !dataDir) throw new Error('usage: node bench/import-child.ts <csv folder> <data dir>');
const config = loadConfig({ LOG_LEVEL: 'silent', GATEHOUSE_DEMO: 'false', GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL });
const runtime = await startRuntime(config);
try {
  const teamId = randomUUID();
  const sourceId = randomUUID();
  await runtime.db.insertInto('teams').values({ id: teamId, name: 'Benchmark district', kind: 'organization' }).execute();
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
  // Named through a variable so that the benchmark still type-checks while the importer is being written.
  const importer = '../src/roster-import/service.ts';
  const { runImport } = (await import(importer)) as { runImport: RunImport };

  const rssBeforeBytes = process.memoryUsage().rss;
  let peakRssBytes = rssBeforeBytes;
  const sample = () => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 50);
  const started = performance.now();
  const heartbeat = setInterval(() => {
    console.error(`importing… ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  }, 10_000);
  const result = await runImport(runtime, sourceId, dir, { onProgress: sample });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  clearInterval(heartbeat);
  sample();
  const report: ChildReport = { seconds, rssBeforeBytes, peakRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024, result };
  console.log(JSON.stringify(report));
} finally {
  await runtime.stop();
}
