import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { DataDirBusy } from '../db/data-dir-lock.ts';
import { startRuntime } from '../runtime.ts';
import type { CommandEnv } from './command.ts';
import { forwardToServer } from './forward.ts';

/**
 * A command run in the operator's own process. It opens the database itself (the embedded one
 * under the data-directory lock); when a running server holds the directory, the whole command
 * line goes to that server instead (forward.ts), so two processes never open one directory.
 */
export function localEnv(argv: string[]): CommandEnv {
  const opened = async <T>(open: () => Promise<T>): Promise<T> => {
    try {
      return await open();
    } catch (error) {
      if (error instanceof DataDirBusy) return forwardToServer(argv, error);
      throw error;
    }
  };
  return {
    config: () => loadConfig(),
    io: {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      progress: process.stderr,
      // A command run here stops with its process (Ctrl-C): nothing else aborts it.
      signal: new AbortController().signal,
    },
    cwd: process.cwd(),
    getenv: (name) => process.env[name],
    async withRuntime(work) {
      const runtime = await opened(() => startRuntime(loadConfig()));
      try {
        return await work(runtime);
      } finally {
        await runtime.stop();
      }
    },
    async withDatabase(work) {
      const settings = loadConfig();
      const database = await opened(() => openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir }));
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    },
  };
}
