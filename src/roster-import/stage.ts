import { CsvSyntaxError, readCsvBatches } from './csv.ts';
import { checkHeader } from './headers.ts';
import type { Issues } from './issues.ts';
import type { FileMode, Manifest } from './manifest.ts';
import { MAPPERS } from './mapping/index.ts';
import { Header, type MapContext, Row } from './mapping/row.ts';
import { status } from './mapping/values.ts';
import type { Entry } from './read.ts';
import { FILES, type FileSpec, type Version } from './spec.ts';
import type { StagedRow, Writer } from './store/writer.ts';
import type { FileCount } from './tables.ts';

export type Progress = { file: string; rows: number; bytes: number; totalBytes: number };

export type StageInput = {
  writer: Writer;
  manifest: Manifest;
  ctx: MapContext;
  issues: Issues;
  /** Called after each batch. */
  onBatch: (progress: Progress) => void;
};

/** The entry of a standard file; a name in another case is accepted with a warning. */
function findEntry(entries: Entry[], name: string, issues: Issues): Entry | undefined {
  const exact = entries.find((entry) => entry.name === `${name}.csv`);
  if (exact) return exact;
  const other = entries.find((entry) => entry.name.toLowerCase() === `${name}.csv`.toLowerCase());
  if (other) issues.warn({ file: other.name }, `read as ${name}.csv (file names are case-sensitive)`);
  return other;
}

/** How the manifest says to read a file, checked against what the export holds. */
function modeOf(spec: FileSpec, entry: Entry | undefined, manifest: Manifest, issues: Issues): FileMode {
  const mode = manifest.modes.get(spec.name);
  const file = `${spec.name}.csv`;
  if (!mode) {
    if (entry)
      issues.warn(
        { file: 'manifest.csv' },
        `file.${spec.name} is not listed; ${entry.name} is read as bulk`,
        spec.name,
      );
    return entry ? 'bulk' : 'absent';
  }
  if (mode === 'absent' && entry)
    issues.warn({ file: entry.name }, `the manifest says file.${spec.name} is absent; the file is not read`);
  if (mode !== 'absent' && !entry)
    issues.error({ file: 'manifest.csv' }, `file.${spec.name} is ${mode}, but the export has no ${file}`);
  return entry ? mode : 'absent';
}

export type PlannedFile = { spec: FileSpec; entry: Entry; mode: 'bulk' | 'delta' };

/** The files to read, in dependency order, and the mode of every standard file (absent when not read). */
export function planFiles(
  entries: Entry[],
  manifest: Manifest,
  issues: Issues,
): { files: PlannedFile[]; modes: Map<string, FileMode> } {
  const files: PlannedFile[] = [];
  const modes = new Map<string, FileMode>();
  for (const spec of FILES) {
    const entry = findEntry(entries, spec.name, issues);
    const mode = modeOf(spec, entry, manifest, issues);
    modes.set(spec.name, mode);
    if (entry && mode !== 'absent') files.push({ spec, entry, mode });
  }
  return { files, modes };
}

/**
 * Streams every file of the export into the staging table, mapped, in batches. Once an error is
 * found nothing more is staged (the import is refused), but reading goes on so that the history
 * lists every error, not only the first.
 */
export async function stageFiles(input: StageInput, files: PlannedFile[]): Promise<Record<string, FileCount>> {
  const { issues } = input;
  const counts: Record<string, FileCount> = {};
  const totalBytes = files.reduce((sum, file) => sum + file.entry.size, 0);
  let bytes = 0;
  for (const { spec, entry, mode } of files) {
    let rows = 0;
    let batch: StagedRow[] = [];
    // One batch is written while the next is parsed: on PostgreSQL the two run on different cores.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      if (!issues.failed) {
        writing = input.writer.write(entry.name, batch);
        // Handled by the next flush's await; without this a failure would count as unhandled meanwhile.
        writing.catch(() => {});
      }
      batch = [];
      input.onBatch({ file: entry.name, rows, bytes, totalBytes });
    };
    try {
      for await (const read of fileRows(input, spec, entry, mode, (count) => (bytes += count))) {
        for (const row of read) {
          rows += 1;
          for (const staged of MAPPERS[spec.name]?.(row, input.ctx) ?? []) batch.push({ staged, line: row.line });
          if (batch.length >= input.writer.batch) await flush();
        }
      }
    } catch (error) {
      await writing.catch(() => {});
      if (!(error instanceof CsvSyntaxError)) throw error;
      issues.error({ file: entry.name, line: error.line }, `the file cannot be read past this line: ${error.message}`);
    }
    await flush();
    await writing;
    counts[entry.name] = { mode, rows };
  }
  return counts;
}

/**
 * The rows of one file that pass the checks every file shares (header, width, required values),
 * a chunk of the file at a time.
 */
async function* fileRows(
  input: StageInput,
  spec: FileSpec,
  entry: Entry,
  mode: 'bulk' | 'delta',
  onBytes: (bytes: number) => void,
): AsyncGenerator<Row[]> {
  const { issues } = input;
  const version = input.manifest.version;
  const file = entry.name;
  let header: Header | undefined;
  let width = 0;
  for await (const records of readCsvBatches(await entry.open(), onBytes)) {
    const rows: Row[] = [];
    for (const { line, cells } of records) {
      if (!header) {
        const before = issues.errorCount;
        const columns = checkHeader(file, spec, version, cells, issues);
        if (issues.errorCount > before) return;
        header = new Header(columns, spec.columns);
        width = columns.length;
        continue;
      }
      if (cells.length > width) {
        issues.error({ file, line }, `the row has ${cells.length} fields; the header has ${width}`);
        continue;
      }
      if (cells.length < width)
        issues.warn(
          { file, line },
          `rows with fewer fields than the header: the missing trailing fields are read as empty`,
          'short',
        );
      const nul = cells.findIndex((cell) => cell.includes('\0'));
      if (nul >= 0) {
        issues.error(
          { file, line, column: header.columns[nul] ?? null },
          'the field holds a NUL character (U+0000), which no text value can store',
        );
        continue;
      }
      const row = new Row(file, line, header, cells, issues);
      if (passes(row, spec, version, mode)) rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
}

/** Whether a row gives the values its file requires; problems are reported on the row. */
function passes(row: Row, spec: FileSpec, version: Version, mode: 'bulk' | 'delta'): boolean {
  row.status = status(row, version);
  const deleted = row.status === 'tobedeleted';
  const missing = spec.values[version].filter(
    (column) => row.get(column) === '' && (!deleted || column === 'sourcedId'),
  );
  for (const column of missing) row.error(column, 'a value is required');
  if (mode === 'bulk' && (row.get('status') !== '' || row.get('dateLastModified') !== '')) {
    row.warn(
      null,
      'status and dateLastModified are filled in a bulk file, where OneRoster leaves them blank; status is honoured',
      'bulk-status',
    );
  }
  return missing.length === 0;
}
