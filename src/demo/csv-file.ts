import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { FileSpec } from '../roster-import/spec.ts';

const FLUSH_AT = 256 * 1024;

/** A row by column name; a column the file has and the row leaves out is empty. */
export type CsvRow = Readonly<Record<string, string>>;

/**
 * A OneRoster CSV file written row by row (RFC 4180: CRLF, quotes only where needed). Its columns
 * are those of the importer's spec that the first row fills, in the spec's order, after the
 * three every file starts with; a file without rows gets the columns its version requires. Rows
 * gather in a small buffer and reach the disk with back-pressure, so memory stays flat however
 * many rows pass.
 */
export class CsvFile {
  rows = 0;
  #stream: WriteStream;
  #buffer = '';
  #spec: FileSpec;
  #header: string[] | undefined;

  constructor(path: string, spec: FileSpec) {
    this.#stream = createWriteStream(path);
    this.#spec = spec;
  }

  async write(row: CsvRow): Promise<void> {
    if (!this.#header) {
      const unknown = Object.keys(row).filter((column) => !this.#spec.columns.includes(column));
      if (unknown.length > 0) throw new Error(`${this.#spec.name}.csv has no column ${unknown.join(', ')}`);
      this.#header = this.#spec.columns.filter((column, index) => index < 3 || column in row);
      this.#buffer += line(this.#header);
    }
    this.#buffer += line(this.#header.map((column) => row[column] ?? ''));
    this.rows++;
    if (this.#buffer.length >= FLUSH_AT) await this.#flush();
  }

  async close(): Promise<void> {
    if (!this.#header) this.#buffer = line(this.#spec.required['1.1']);
    await this.#flush();
    this.#stream.end();
    await finished(this.#stream);
  }

  async #flush(): Promise<void> {
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }
}

function line(values: readonly string[]): string {
  return `${values.map(quote).join(',')}\r\n`;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
