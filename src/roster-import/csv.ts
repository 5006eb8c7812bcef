import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvParser, type CsvRow } from './csv-parser.ts';

export { type CsvRow, CsvSyntaxError, MAX_RECORD } from './csv-parser.ts';

/**
 * Streams the records of a CSV file, a chunk's worth at a time, each with the line it starts on.
 * Takes a BOM, CRLF, LF and CR endings mixed in one file, quoted fields with separators and line
 * breaks; skips blank lines. Rows of another length than the header come through as they are:
 * the caller decides. Throws `CsvSyntaxError` at the line of the record that cannot be read.
 */
export async function* readCsvBatches(stream: Readable, onBytes: (bytes: number) => void): AsyncGenerator<CsvRow[]> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvParser();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      const rows = parser.push(decoder.write(chunk));
      if (rows.length > 0) yield rows;
    }
    const rows = parser.push(decoder.end());
    rows.push(...parser.end());
    if (rows.length > 0) yield rows;
  } finally {
    stream.destroy();
  }
}

/** The records of a CSV file one by one (see `readCsvBatches`). */
export async function* readCsv(stream: Readable, onBytes: (bytes: number) => void): AsyncGenerator<CsvRow> {
  for await (const rows of readCsvBatches(stream, onBytes)) yield* rows;
}
