import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createTestApp, listenOnLoopback, type TestApp } from '../test/helpers/app.ts';
import { addLoopbackProvider, connectedTeam, startUpstream } from '../test/helpers/upstream.ts';
import type { Report } from './report.ts';

const USAGE = 'usage: npm run bench -- connections [--connections 10] [--seconds 5] [--rounds 5] [--storm 10,100,1000]';

type Sample = { rps: number; p50: number; p99: number };

async function load(url: string, token: string | undefined, connections: number, seconds: number): Promise<Sample> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx + result.errors + result.timeouts > 0)
    throw new Error(`${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * `get` of a connection whose token is fresh (the seed's `integrations.get`: merged config,
 * opened secrets, an audit entry) as a ratio to the constant route `/api/up`, the two run back
 * to back in turns; then refresh storms: N callers reading one expired token at once, with the
 * calls the provider's token endpoint received.
 */
export async function run(args: string[]): Promise<Report> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '5' },
      storm: { type: 'string', default: '10,100,1000' },
    },
  });
  const [connections, seconds, rounds] = [values.connections, values.seconds, values.rounds].map(Number);
  if (!connections || !seconds || !rounds) throw new Error(USAGE);
  const t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
  const upstream = await startUpstream(`${t.config.publicUrl}/api/v1/connections/callback`);
  try {
    const base = await listenOnLoopback(t);
    await addLoopbackProvider(t, upstream.issuer);
    const team = await connectedTeam(t);
    const get = `${base}/api/v1/providers/loopback/connection`;
    const rows: string[][] = [];
    const ratios: number[] = [];
    const samples: { get: Sample[]; constant: Sample[] } = { get: [], constant: [] };
    await load(get, team.token, connections, 1);
    await load(`${base}/api/up`, undefined, connections, 1);
    for (let round = 0; round < rounds; round++) {
      const pair = round % 2 === 0 ? (['get', 'constant'] as const) : (['constant', 'get'] as const);
      for (const route of pair)
        samples[route].push(
          await load(
            route === 'get' ? get : `${base}/api/up`,
            route === 'get' ? team.token : undefined,
            connections,
            seconds,
          ),
        );
      ratios.push((samples.get.at(-1) as Sample).rps / (samples.constant.at(-1) as Sample).rps);
      console.error(`round ${round + 1}/${rounds}, load average ${loadavg()[0]?.toFixed(2)}`);
    }
    const rps = (route: 'get' | 'constant') => median(samples[route].map((sample) => sample.rps)).toFixed(0);
    const latency = (route: 'get' | 'constant') =>
      `${median(samples[route].map((s) => s.p50))} / ${median(samples[route].map((s) => s.p99))}`;
    rows.push([
      'get (fresh token) ÷ constant',
      `${median(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}]`,
      `${rps('get')} / ${rps('constant')} req/s; p50 / p99 ${latency('get')} and ${latency('constant')} ms`,
    ]);
    for (const callers of (values.storm ?? '').split(',').map(Number).filter(Boolean))
      rows.push(await storm(t, get, team.token, callers, upstream.grants));
    return {
      title: `Connections: get and refresh storms (${t.ctx.database.kind})`,
      columns: ['case', 'ratio / upstream calls', 'detail'],
      rows,
      notes: [
        `get: autocannon, ${connections} connections, ${seconds} s per route per round, ${rounds} rounds in ` +
          'alternating order after a 1 s warm-up; the ratio is the median of per-round ratios of requests per ' +
          'second [lowest–highest].',
        'storm: the token is made expired, then N callers read it at once over HTTP; upstream calls are the ' +
          'refresh grants the provider issued.',
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
      ],
    };
  } finally {
    await upstream.close();
    await t.close();
  }
}

async function storm(t: TestApp, url: string, token: string, callers: number, grants: Record<string, number>) {
  await t.ctx.db
    .updateTable('connection_tokens')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .execute();
  const before = grants.refresh_token ?? 0;
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: callers }, () =>
      fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status),
    ),
  );
  const elapsed = performance.now() - started;
  const failed = statuses.filter((status) => status !== 200).length;
  return [
    `refresh storm, ${callers} callers`,
    `${(grants.refresh_token ?? 0) - before} upstream refresh`,
    `all answered in ${elapsed.toFixed(0)} ms; ${failed} not 200`,
  ];
}
