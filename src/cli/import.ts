import { Presets, SingleBar } from 'cli-progress';
import type { ImportSummary } from '../roster-import/service.ts';
import { runImport } from '../roster-import/service.ts';
import { startRuntime } from '../runtime.ts';
import type { CommandModule } from './command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHOWN = 10;

function report(summary: ImportSummary): string {
  const seconds = ((summary.duration_ms ?? 0) / 1000).toFixed(1);
  const lines = [
    `import ${summary.id} ${summary.state} in ${seconds} s (OneRoster ${summary.version ?? '?'}, ${summary.mode ?? '?'})`,
  ];
  for (const [file, count] of Object.entries(summary.files))
    lines.push(`  ${file.padEnd(22)} ${String(count.rows).padStart(9)} rows (${count.mode})`);
  for (const [kind, change] of Object.entries(summary.changes)) {
    lines.push(`  ${kind.padEnd(22)} ${change.created} created, ${change.updated} updated, ${change.deleted} deleted`);
  }
  for (const [label, total, issues] of [
    ['warnings', summary.warning_count, summary.warnings],
    ['errors', summary.error_count, summary.errors],
  ] as const) {
    if (total === 0) continue;
    lines.push(`${total} ${label}:`, ...issues.slice(0, SHOWN).map((issue) => `  ${issue.message}`));
    if (issues.length > SHOWN) lines.push(`  … ${issues.length - SHOWN} more in the import history`);
  }
  return `${lines.join('\n')}\n`;
}

export const importCommand: CommandModule = (program, config) => {
  program
    .command('import')
    .description('Import a OneRoster 1.1 or 1.2 CSV export (a folder or a .zip) into a source, all or nothing.')
    .argument('<source_id>', 'id of the source the data belongs to')
    .argument('<path>', 'folder or .zip holding manifest.csv and the CSV files')
    .action(async (sourceId: string, path: string) => {
      if (!UUID.test(sourceId)) throw new Error(`source_id '${sourceId}' is not a UUID`);
      const runtime = await startRuntime(config());
      const bar = new SingleBar(
        {
          stream: process.stderr,
          format: '{bar} {percentage}% | {file} {rows} rows',
          noTTYOutput: true,
          notTTYSchedule: 1000,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      try {
        bar.start(1, 0, { file: '', rows: 0 });
        const summary = await runImport(runtime, sourceId, path, {
          onProgress: (progress) => {
            bar.setTotal(Math.max(progress.totalBytes, 1));
            bar.update(progress.bytes, { file: progress.file, rows: progress.rows });
          },
        });
        bar.stop();
        process.stdout.write(report(summary));
        if (summary.state !== 'succeeded')
          throw new Error(`import refused with ${summary.error_count} error(s); the source's data is unchanged`);
      } finally {
        bar.stop();
        await runtime.stop();
      }
    });
};
