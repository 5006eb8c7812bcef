import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { resolve } from 'node:path';
import type { CommandEnv } from '../cli/command.ts';
import type { AppContext } from '../context.ts';
import { type Frame, firstLine, type Request, socketPath } from './frames.ts';

/** Runs one command line with the server's database; resolves with its exit code. */
export type RunCommand = (argv: string[], env: CommandEnv) => Promise<number>;

export type OperatorChannel = { close(): Promise<void> };

/**
 * Listens on the data directory's operator socket (frames.ts) and runs each command line it
 * receives with this server's own runtime. A command whose caller goes away (Ctrl-C, killed) is
 * aborted; closing the channel aborts the commands still running and waits for them.
 */
export async function openOperatorChannel(ctx: AppContext, run: RunCommand): Promise<OperatorChannel> {
  const path = socketPath(resolve(ctx.config.dataDir));
  // Only this process holds the data directory, so a socket file there is a dead server's.
  rmSync(path, { force: true });
  const running = new Set<{ abort: AbortController; done: Promise<void> }>();
  const server = createServer((socket) => {
    const abort = new AbortController();
    socket.on('error', () => {});
    socket.on('close', () => abort.abort());
    const entry = {
      abort,
      done: firstLine(socket)
        .then((line) => serveRequest(ctx, run, socket, JSON.parse(line) as Request, abort.signal))
        .catch(() => {
          socket.destroy();
        }),
    };
    running.add(entry);
    entry.done.finally(() => running.delete(entry));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => done());
  });
  chmodSync(path, 0o600);
  return {
    async close() {
      server.close();
      for (const entry of running) entry.abort.abort();
      await Promise.allSettled([...running].map((entry) => entry.done));
      rmSync(path, { force: true });
    },
  };
}

async function serveRequest(
  ctx: AppContext,
  run: RunCommand,
  socket: Socket,
  request: Request,
  signal: AbortSignal,
): Promise<void> {
  const send = (frame: Frame) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
  };
  const env: CommandEnv = {
    config: () => ctx.config,
    io: {
      out: (text) => send({ out: text }),
      err: (text) => send({ err: text }),
      progress: {
        isTTY: request.tty,
        write: (text) => {
          send({ err: text });
          return true;
        },
      },
      signal,
    },
    cwd: request.cwd,
    getenv: (name) => request.env[name],
    withRuntime: (work) => work(ctx),
    withDatabase: (work) => work(ctx.db),
  };
  const code = await run(request.argv, env).catch((error: unknown) => {
    ctx.log.error({ err: error }, 'operator command failed');
    return 1;
  });
  send({ exit: code });
  socket.end();
}
