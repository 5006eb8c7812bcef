import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse';
import { type CsvRow, readCsv } from '../../src/roster-import/csv.ts';

type Outcome = { rows: CsvRow[]; error?: { line: number; message: string } };

/**
 * csv-parse, as the reader was built on it: the reference the fast reader must agree with. Every
 * record before an error is taken, so the line the error names is exact.
 */
function reference(text: string): Promise<Outcome> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, record_delimiter: ['\r\n', '\n', '\r'] });
  const rows: CsvRow[] = [];
  let lines = 0;
  parser.on('data', ({ record, info }: { record: string[]; info: { empty_lines: number } }) => {
    rows.push({ line: 1 + lines + info.empty_lines, cells: record });
    lines += 1 + record.reduce((sum, cell) => sum + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
  });
  return new Promise((resolve) => {
    parser.on('end', () => resolve({ rows }));
    parser.on('error', (error: Error & { empty_lines: number }) => {
      const message = error.message.replace(/^Invalid (Opening|Closing) Quote: /, '').replace(/ at line \d+/, '');
      resolve({ rows, error: { line: 1 + lines + error.empty_lines, message } });
    });
    parser.end(Buffer.from(text));
  });
}

/** The fast reader, fed in chunks cut at the given places. */
async function fast(text: string, cuts: number[]): Promise<Outcome> {
  const bytes = Buffer.from(text);
  const chunks = [0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b), bytes.length];
  const rows: CsvRow[] = [];
  try {
    for await (const row of readCsv(Readable.from(chunks.slice(1).map((end, index) => bytes.subarray(chunks[index], end))), () => {})) rows.push(row);
  } catch (error) {
    const { line, message } = error as { line: number; message: string };
    return { rows, error: { line, message } };
  }
  return { rows };
}

function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

/** csv-parse names a character after a closing quote by its first byte, the fast reader by the whole character. */
const unnamed = (error: Outcome['error']) => error && { ...error, message: error.message.replace(/^got "[^ -~]+"/, 'got "…"') };

const ALPHABET = ['a', 'b', 'é', '😀', ' ', ',', ',', '"', '"', '""', '\r', '\n', '\r\n'];

describe('the CSV reader', () => {
  test('reads every generated input as csv-parse does: records, lines, and where and why it stops', async () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const text = `${next(4) === 0 ? '\uFEFF' : ''}${Array.from({ length: 1 + next(40) }, () => ALPHABET[next(ALPHABET.length)]).join('')}`;
      const cuts = Array.from({ length: next(4) }, () => next(Buffer.byteLength(text) + 1));
      const expected = await reference(text);
      const actual = await fast(text, cuts);
      // A stopped read may have handed over fewer rows before its error: only where it stops must agree.
      if (expected.error) assert.deepEqual(unnamed(actual.error), unnamed(expected.error), JSON.stringify({ text, cuts }));
      else assert.deepEqual(actual, expected, JSON.stringify({ text, cuts }));
    }
  });
});
