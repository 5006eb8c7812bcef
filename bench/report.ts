/** What a benchmark hands back: one markdown table, ratios in the first columns, plus notes on how it ran. */
export type Report = { title: string; columns: string[]; rows: string[][]; notes: string[] };

/** Every benchmark module exports `run`; the arguments are those after its name on the command line. */
export type Benchmark = { run(args: string[]): Promise<Report> };

export function markdown(report: Report): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `### ${report.title}`,
    '',
    line(report.columns),
    line(report.columns.map(() => '---')),
    ...report.rows.map(line),
    '',
    ...report.notes.map((note) => `- ${note}`),
  ].join('\n');
}

export const seconds = (value: number) => `${value.toFixed(2)} s`;
export const megabytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
    : (sorted[Math.floor(middle)] as number);
}
