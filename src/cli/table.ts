import { InvalidArgumentError } from 'commander';
import type { Io } from './command.ts';

/** The option every listing takes. */
export const JSON_OPTION = ['--json', 'print JSON, one object per line'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An option or argument that must be an id; commander prints the refusal. */
export function uuidOf(what: string) {
  return (value: string): string => {
    if (!UUID.test(value)) throw new InvalidArgumentError(`a ${what} id is a UUID`);
    return value;
  };
}

/** Prints rows as aligned columns, or as JSON one object per line with `--json`. */
export function printRows<T>(
  io: Io,
  rows: T[],
  options: { json?: boolean; empty: string; columns: Array<[string, (row: T) => unknown]> },
): void {
  if (options.json) {
    for (const row of rows) io.out(`${JSON.stringify(row)}\n`);
    return;
  }
  const header = options.columns.map(([name]) => name);
  const table = rows.map((row) => options.columns.map(([, cell]) => String(cell(row) ?? '')));
  const widths = header.map((name, column) => Math.max(name.length, ...table.map((cells) => cells[column]!.length)));
  for (const cells of [header, ...table])
    io.out(
      `${cells
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (rows.length === 0) io.out(`${options.empty}\n`);
}
