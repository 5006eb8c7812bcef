import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

const FLUSH_AT = 256 * 1024;

/**
 * A CSV file written row by row (RFC 4180: CRLF, quotes only where needed). Rows gather in a
 * small buffer and reach the disk with back-pressure, so memory stays flat however many rows pass.
 */
export class CsvFile {
  rows = 0;
  #stream: WriteStream;
  #buffer = '';

  constructor(path: string, header: readonly string[]) {
    this.#stream = createWriteStream(path);
    this.#buffer = line(header);
  }

  async write(values: readonly string[]): Promise<void> {
    this.#buffer += line(values);
    this.rows++;
    if (this.#buffer.length >= FLUSH_AT) await this.#flush();
  }

  async close(): Promise<void> {
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
