import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';

/** Where a command prints: the terminal, or the operator channel back to it. */
export type Io = {
  out(text: string): void;
  err(text: string): void;
  /** A writable for the progress bar (cli-progress writes to a stream). */
  progress: { isTTY?: boolean; write(text: string): boolean };
  /** Aborted when the caller goes away (Ctrl-C, the client killed) or the server stops. */
  signal: AbortSignal;
};

/**
 * What a command runs with. The same command functions run in the operator's own process (which
 * opens the database under the data-directory lock) and inside a running server that took the
 * command over its operator channel (which lends its own database): see local.ts and
 * operator/channel-server.ts.
 */
export type CommandEnv = {
  config(): Config;
  io: Io;
  /** The caller's working directory, against which paths given on the command line resolve. */
  cwd: string;
  /** The caller's environment (a command run by the server reads the operator's, not the server's). */
  getenv(name: string): string | undefined;
  /** Runs `work` with the database opened and migrated, the job queue and sealing set up. */
  withRuntime<T>(work: (runtime: AppContext) => Promise<T>): Promise<T>;
  /** Runs `work` with the bare database, before any migration. */
  withDatabase<T>(work: (db: Executor) => Promise<T>): Promise<T>;
};

/** A CLI command adds itself to the program; settings are read only when it runs. */
export type CommandModule = (program: Command, env: CommandEnv) => void;
