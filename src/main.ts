import { runCli } from './cli/commands.ts';
import { localEnv } from './cli/local.ts';

/** `gatehouse <command>`: errors print as one line and exit non-zero. */
const argv = process.argv.slice(2);
const code = await runCli(argv, localEnv(argv));
if (code !== 0) process.exit(code);
