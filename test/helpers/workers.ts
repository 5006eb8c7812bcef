import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import type { Child } from './processes.ts';

export type Answer = { status: number; json: () => any };

/** A keep-alive connection, which stays with the worker that accepted it. */
export type Connection = {
  call(method: string, path: string, token?: string, body?: Buffer | object): Promise<Answer>;
  close(): Promise<void>;
};

function connect(origin: string): Connection {
  const client = new Client(origin);
  return {
    async call(method, path, token, body) {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (body) headers['content-type'] = Buffer.isBuffer(body) ? 'application/zip' : 'application/json';
      const payload = body === undefined || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const response = await client.request({ method: method as 'GET', path, headers, body: payload });
      const text = await response.body.text();
      return { status: response.statusCode, json: () => JSON.parse(text) };
    },
    close: () => client.close(),
  };
}

/**
 * One connection to each of `count` workers, by the worker id `/health/ready` reports. The
 * primary hands new connections to its workers in turn, so a few new ones reach every worker.
 */
export async function connectionsByWorker(origin: string, count: number): Promise<Map<number, Connection>> {
  const byWorker = new Map<number, Connection>();
  for (let attempt = 0; attempt < 10 * count && byWorker.size < count; attempt++) {
    const connection = connect(origin);
    const { worker } = (await connection.call('GET', '/health/ready')).json() as { worker?: number };
    if (worker !== undefined && !byWorker.has(worker)) byWorker.set(worker, connection);
    else await connection.close();
  }
  assert.equal(byWorker.size, count, `connections reached workers ${[...byWorker.keys()].join(', ')} only`);
  return byWorker;
}

/** The server's JSON log lines (stderr) so far. */
export function logLines(child: Child): Array<Record<string, any>> {
  return child
    .output()
    .stderr.split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** Waits until `check` answers something truthy, polling: another process's progress shows no other way. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const result = await check();
    if (result) return result;
    await sleep(100);
  }
  assert.fail(`${what} did not happen within ${timeoutMs} ms`);
}
