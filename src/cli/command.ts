import type { Command } from 'commander';
import type { Config } from '../config.ts';

/** A CLI command adds itself to the program; settings are read only when it runs. */
export type CommandModule = (program: Command, config: () => Config) => void;
