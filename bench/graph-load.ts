import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { CASES, type Case, casePath, ROUTES, type Route } from './graph-routes.ts';
import type { Ready } from './graph-server.ts';

export type LoadOptions = { connections: number; seconds: number; warmupSeconds: number; rounds: number };
/** One run of one route: requests per second, latency percentiles in milliseconds. */
export type Sample = { rps: number; p50: number; p99: number };
export type Samples = Record<Case, Record<Route, Sample[]>>;

/** Only the Graph route asks for the integration's token. */
const headersFor = (server: Ready, route: Route): Record<string, string> =>
  route === 'graph' ? { authorization: `Bearer ${server.token}` } : {};

/** autocannon on one URL for `seconds`; any answer but a 2xx, an error or a timeout fails the run. */
export async function sample(
  what: string,
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<Sample> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx + result.errors + result.timeouts > 0)
    throw new Error(`${what}: ${result.non2xx} answers not 2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

function load(server: Ready, name: Case, route: Route, connections: number, seconds: number): Promise<Sample> {
  const url = `${server.origin}${casePath(name, route, server.personId)}`;
  return sample(`${name} on ${route}`, url, headersFor(server, route), connections, seconds);
}

/**
 * Every route of every case for `seconds`, `rounds` times. Routes of a case run back to back and
 * their order turns each round, so the machine's noise falls on the three alike and a ratio is
 * taken between neighbours in time. One unrecorded warm-up run of each comes first.
 */
export async function measure(server: Ready, options: LoadOptions, log: (line: string) => void): Promise<Samples> {
  for (const name of CASES)
    for (const route of ROUTES) await load(server, name, route, options.connections, options.warmupSeconds);
  const samples = Object.fromEntries(
    CASES.map((name) => [name, { graph: [], baseline: [], constant: [] }]),
  ) as unknown as Samples;
  for (let round = 0; round < options.rounds; round++) {
    for (const name of CASES) {
      const order = ROUTES.map((_, index) => ROUTES[(index + round) % ROUTES.length] as Route);
      for (const route of order)
        samples[name][route].push(await load(server, name, route, options.connections, options.seconds));
    }
    log(`round ${round + 1}/${options.rounds} done, load average ${loadavg()[0]!.toFixed(2)}`);
  }
  return samples;
}

/**
 * Before any load: every route answers 200 and the baseline answers exactly the Graph route's
 * records. Hands back how many records each case answers.
 */
export async function check(server: Ready): Promise<Record<Case, number>> {
  const rows = {} as Record<Case, number>;
  for (const name of CASES) {
    const data: Partial<Record<Route, unknown>> = {};
    for (const route of ROUTES) {
      const response = await fetch(`${server.origin}${casePath(name, route, server.personId)}`, {
        headers: headersFor(server, route),
      });
      if (response.status !== 200)
        throw new Error(`${name} on ${route} answered ${response.status}: ${await response.text()}`);
      data[route] = ((await response.json()) as { $data: unknown }).$data;
    }
    if (!isDeepStrictEqual(data.graph, data.baseline))
      throw new Error(`${name}: the baseline answers other records than the Graph API`);
    rows[name] = [data.graph].flat().length;
  }
  return rows;
}
