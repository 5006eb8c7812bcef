import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Child = ChildProcessByStdio<null, Readable, Readable> & { output(): { stdout: string; stderr: string } };

const started = new Set<Child>();

/** Kills what a failed test left running, so the test process can end. */
export function stopAll(): void {
  for (const child of started) child.kill('SIGKILL');
}

/** `bin/gatehouse <args>` as an operator runs it, on the embedded database of `env`. */
export function spawnGatehouse(args: string[], env: Record<string, string>): Child {
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const child = spawn(`${ROOT}bin/gatehouse`, args, {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const tracked = Object.assign(child, { output: () => ({ stdout, stderr }) });
  started.add(tracked);
  child.once('exit', () => started.delete(tracked));
  return tracked;
}

/** Waits for a child to exit; its exit code and what it printed. */
export async function exited(child: Child): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  return { code: child.exitCode, ...child.output() };
}

export async function runGatehouse(args: string[], env: Record<string, string>) {
  return exited(spawnGatehouse(args, env));
}

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * Polls `url` until `until` accepts an answer (or the child exits, or 600 polls pass); resolves
 * with every answer seen. Polling is the only way to watch another process start.
 */
export async function poll(
  url: string,
  child: Child,
  until: (status: number, body: string) => boolean,
): Promise<Array<{ status: number; body: string }>> {
  const seen: Array<{ status: number; body: string }> = [];
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    const answer = await fetch(url)
      .then(async (response) => ({ status: response.status, body: await response.text() }))
      .catch(() => undefined);
    if (answer) {
      seen.push(answer);
      if (until(answer.status, answer.body)) return seen;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`${url} never answered as expected: ${JSON.stringify(seen.at(-1))}\n${child.output().stderr}`);
}
