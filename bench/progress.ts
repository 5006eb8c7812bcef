import cliProgress from 'cli-progress';

/** A progress bar on stderr (stdout carries the results); outside a terminal it prints a line every few seconds. */
export function progressBar(title: string, total: number, unit: string) {
  const bar = new cliProgress.SingleBar({
    format: `${title} [{bar}] {value}/{total} ${unit} · {rows} rows · {duration_formatted}`,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  bar.start(total, 0, { rows: 0 });
  return bar;
}
