import { connect } from 'node:net';
import { resolve } from 'node:path';
import type { DataDirBusy } from '../db/data-dir-lock.ts';
import { FORWARDED_ENV, type Frame, type Request, readLines, socketPath } from '../operator/frames.ts';

/** The command ran in the server; its output was shown and this is its exit code. */
export class Forwarded extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`the running server finished the command with exit code ${exitCode}`);
    this.exitCode = exitCode;
  }
}

const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ENAMETOOLONG']);

/**
 * Hands the command line to the server that holds the data directory and shows what it prints.
 * Rejects with `Forwarded` once the server finished it; with one sentence saying what to do when
 * the holder is not a server that takes commands (another command still running, say).
 */
export async function forwardToServer(argv: string[], busy: DataDirBusy): Promise<never> {
  const request: Request = {
    argv,
    cwd: process.cwd(),
    env: Object.fromEntries(FORWARDED_ENV.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
    tty: process.stderr.isTTY === true,
  };
  const code = await new Promise<number>((done, fail) => {
    const socket = connect(socketPath(resolve(busy.dataDir)));
    let exit: number | undefined;
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    readLines(socket, (line) => {
      const frame = JSON.parse(line) as Frame;
      if ('out' in frame) process.stdout.write(frame.out);
      else if ('err' in frame) process.stderr.write(frame.err);
      else exit = frame.exit;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EACCES')
        return fail(new Error(`${busy.message}; run the command as the user that runs the server`));
      if (!UNREACHABLE.has(error.code ?? '')) return fail(error);
      fail(new Error(`${busy.message}; wait for it to finish, or stop it, then run the command again`));
    });
    socket.on('close', () => {
      if (exit !== undefined) done(exit);
      else fail(new Error(`${busy.message}, and it stopped before the command finished; run the command again`));
    });
  });
  throw new Forwarded(code);
}
