import type { Socket } from 'node:net';
import { join } from 'node:path';

/**
 * The operator channel: a Unix socket in the data directory (owner-only, like the directory)
 * on which a running server takes command lines from `gatehouse` and runs them itself, on its
 * own database, instead of the command opening the embedded database a second time. One JSON
 * object per line each way: the request, then what the command prints and its exit code.
 */
export type Request = {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** Whether the operator's terminal shows the progress bar in place. */
  tty: boolean;
};

export type Frame = { out: string } | { err: string } | { exit: number };

/** Settings a command reads from the operator's environment rather than the server's. */
export const FORWARDED_ENV = ['GATEHOUSE_ADMIN_PASSWORD'];

export function socketPath(dataDir: string): string {
  return join(dataDir, 'gatehouse.sock');
}

/** Calls `onLine` for each complete line the socket sends. */
export function readLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line) onLine(line);
    }
  });
}

/** The first line the socket sends (the request), at most `limit` characters. */
export function firstLine(socket: Socket, limit = 1024 * 1024): Promise<string> {
  return new Promise((done, fail) => {
    let buffered = '';
    socket.setEncoding('utf8');
    const onData = (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end < 0 && buffered.length < limit) return;
      socket.off('data', onData);
      if (end < 0) fail(new Error('the request is too long'));
      else done(buffered.slice(0, end));
    };
    socket.on('data', onData);
    socket.once('end', () => fail(new Error('the request ended early')));
  });
}
