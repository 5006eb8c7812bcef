import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { ImportSummary } from '../roster-import/service.ts';
import { runImport } from '../roster-import/service.ts';
import type { CommandModule } from './command.ts';
import { uuidOf } from './table.ts';

const SHOWN = 10;

/** `1 warning`, `2 warnings`. */
export const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function report(summary: ImportSummary): string {
  const seconds = ((summary.duration_ms ?? 0) / 1000).toFixed(1);
  const lines = [
    `import ${summary.id} ${summary.state} in ${seconds} s ` +
      `(OneRoster ${summary.version ?? '?'}, ${summary.mode ?? '?'})`,
  ];
  for (const [file, count] of Object.entries(summary.files))
    lines.push(`  ${file.padEnd(22)} ${String(count.rows).padStart(9)} rows (${count.mode})`);
  for (const [kind, change] of Object.entries(summary.changes)) {
    lines.push(`  ${kind.padEnd(22)} ${change.created} created, ${change.updated} updated, ${change.deleted} deleted`);
  }
  for (const [noun, total, issues] of [
    ['warning', summary.warning_count, summary.warnings],
    ['error', summary.error_count, summary.errors],
  ] as const) {
    if (total === 0) continue;
    lines.push(`${counted(total, noun)}:`, ...issues.slice(0, SHOWN).map((issue) => `  ${issue.message}`));
    if (issues.length > SHOWN) lines.push(`  … ${issues.length - SHOWN} more in the import history`);
  }
  return `${lines.join('\n')}\n`;
}

export const importCommand: CommandModule = (program, env) => {
  program
    .command('import')
    .description('Import a OneRoster 1.1 or 1.2 CSV export (a folder or a .zip) into a source, all or nothing.')
    .argument('<source_id>', 'id of the source the data belongs to', uuidOf('source'))
    .argument('<path>', 'folder or .zip holding manifest.csv and the CSV files')
    .option(
      '--allow-removals',
      "apply a bulk import even when it removes more of a kind's records than the source allows",
    )
    .action(async (sourceId: string, path: string, options: { allowRemovals?: boolean }) => {
      const summary = await env.withRuntime(async (runtime) => {
        const bar = new SingleBar(
          {
            stream: env.io.progress as NodeJS.WritableStream,
            format: '{bar} {percentage}% | {file} {rows} rows',
            noTTYOutput: true,
            notTTYSchedule: 1000,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(1, 0, { file: '', rows: 0 });
        try {
          return await runImport(runtime, sourceId, resolve(env.cwd, path), {
            allowRemovals: options.allowRemovals === true,
            signal: env.io.signal,
            onProgress: (progress) => {
              bar.setTotal(Math.max(progress.totalBytes, 1));
              bar.update(progress.bytes, { file: progress.file, rows: progress.rows });
            },
          });
        } finally {
          bar.stop();
        }
      });
      env.io.out(report(summary));
      if (summary.state !== 'succeeded')
        throw new Error(`import refused with ${counted(summary.error_count, 'error')}; the source's data is unchanged`);
    });
};
