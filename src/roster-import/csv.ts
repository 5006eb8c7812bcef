import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/** The longest row read, in characters: far beyond any real roster row. */
export const MAX_RECORD = 1_000_000;

/** Rows handed over at once to the staging writer. */
const BATCH = 1000;

export type CsvRow = { line: number; cells: string[] };

/** The CSV itself is broken (an unclosed quote, say); reading stops at `line`. */
export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

/**
 * Streams the records of a CSV file with the line each starts on. Takes a BOM, CRLF, LF and CR
 * endings mixed in one file, quoted fields with separators and line breaks; skips blank lines.
 * Rows of another length than the header come through as they are: the caller decides.
 */
export async function* readCsv(stream: Readable, onBytes: (bytes: number) => void): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    // An unclosed quote would otherwise swallow the rest of the file into one field, in memory.
    max_record_size: MAX_RECORD,
  });
  stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  // The parser's own line count drifts when a quoted field holds a CRLF among several record
  // delimiters, so lines are counted here: one per record plus the breaks inside its fields.
  let lines = 0;
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      const line = 1 + lines + info.empty_lines;
      lines += 1;
      for (const cell of record)
        if (cell.includes('\n') || cell.includes('\r')) lines += cell.match(/\r\n|\n|\r/g)?.length ?? 0;
      records += 1;
      yield { line, cells: record };
    }
  } catch (error) {
    // Reported at the line the broken record starts on (the parser's own position is where it gave
    // up); records parsed but not yet taken when it failed count one line each.
    const parsed = error as { records?: number; empty_lines?: number; message: string };
    const line = 1 + lines + Math.max((parsed.records ?? records) - records, 0) + (parsed.empty_lines ?? 0);
    throw new CsvSyntaxError(
      line,
      parsed.message.replace(/^Invalid (Opening|Closing) Quote: /, '').replace(/ at line \d+/, ''),
    );
  } finally {
    stream.destroy();
  }
}

/** The records of a CSV file (see `readCsv`) in batches of up to a thousand. */
export async function* readCsvBatches(stream: Readable, onBytes: (bytes: number) => void): AsyncGenerator<CsvRow[]> {
  let batch: CsvRow[] = [];
  for await (const row of readCsv(stream, onBytes)) {
    batch.push(row);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
