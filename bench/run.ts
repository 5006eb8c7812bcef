import { type Benchmark, markdown } from './report.ts';

const BENCHMARKS: Record<string, { about: string; load: () => Promise<Benchmark> }> = {
  import: {
    about: 'OneRoster import of the generated district, as a ratio to PostgreSQL COPY of the same rows',
    load: () => import('./import.ts'),
  },
  sharing: {
    about: 'first import and integration creation as integrations of scope all multiply; --base DIR for before/after',
    load: () => import('./sharing.ts'),
  },
  graph: {
    about: 'autocannon against the Graph API, as ratios to a baseline route and a constant route',
    load: () => import('./graph.ts'),
  },
  workers: {
    about: "the Graph list's requests per second with serve --workers 1 and 2 side by side (PostgreSQL)",
    load: () => import('./workers.ts'),
  },
  connections: {
    about:
      "the seed's get with a fresh token as a ratio to a constant route, and refresh storms (callers, upstream calls)",
    load: () => import('./connections.ts'),
  },
};

const [name, ...args] = process.argv.slice(2);
if (name === '--help' || (name !== undefined && !(name in BENCHMARKS))) {
  console.error(
    'usage: npm run bench [-- NAME [options]]; without a name every benchmark runs with its defaults. Benchmarks:',
  );
  for (const [key, { about }] of Object.entries(BENCHMARKS)) console.error(`  ${key.padEnd(8)} ${about}`);
  process.exit(name === '--help' ? 0 : 2);
}

for (const key of name ? [name] : Object.keys(BENCHMARKS)) {
  const benchmark = await BENCHMARKS[key]!.load();
  const report = await benchmark.run(name ? args : []);
  console.log(`${markdown(report)}\n`);
}
