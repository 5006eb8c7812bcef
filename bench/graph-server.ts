// The server under load, in a process of its own so that autocannon, in the parent, does not share
// its event loop. Arguments: the CSV folder and a data directory; BENCH_DATABASE_URL picks
// PostgreSQL. Prints one JSON line (`Ready`) once it listens, and stops when its stdin closes.
import type { AddressInfo } from 'node:net';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { startRuntime } from '../src/runtime.ts';
import { benchRoutes } from './graph-routes.ts';
import { type District, setUpDistrict } from './graph-setup.ts';

export type Ready = District & { origin: string };

const [dir, dataDir] = process.argv.slice(2);
if (!dir || !dataDir) throw new Error('usage: node bench/graph-server.ts <csv folder> <data dir>');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  GATEHOUSE_DEMO: 'false',
  GATEHOUSE_DATA_DIR: dataDir,
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
});
// No job workers: nothing is scheduled during the benchmark, and they would only add noise.
const runtime = await startRuntime(config);
const district = await setUpDistrict(runtime, dir);
const app = await buildApp(runtime);
const captureConstants = benchRoutes(app.withTypeProvider<TypeBoxTypeProvider>(), runtime, district);
await app.listen({ host: '127.0.0.1', port: 0 });
const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
await captureConstants(origin);
const ready: Ready = { ...district, origin };
console.log(JSON.stringify(ready));

process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  await runtime.stop();
  process.exit(0);
});
