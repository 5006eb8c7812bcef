import type { Staged } from './mapping/row.ts';
import type { Column } from './store/staging.ts';

/**
 * Staged rows in PostgreSQL's text forms: what `COPY` reads, and what a `text` → type cast reads.
 * Each column gets its encoder once per batch, so a row is written without looking at types.
 */

export type StagedRow = { staged: Staged; line: number };

type Encoder = (row: StagedRow, file: string) => string | null;

const ARRAY_ITEM = /[\\"]/g;
const arrayLiteral = (items: unknown[]) =>
  `{${items.map((item) => (item === null ? 'NULL' : `"${String(item).replace(ARRAY_ITEM, '\\$&')}"`)).join(',')}}`;

function fromValue(type: string): (value: unknown) => string | null {
  if (type === 'jsonb') return (value) => (value === null || value === undefined ? null : JSON.stringify(value));
  if (type.endsWith('[]'))
    return (value) => (value === null || value === undefined ? null : arrayLiteral(value as unknown[]));
  if (type === 'boolean') return (value) => (value === null || value === undefined ? null : value ? 't' : 'f');
  return (value) => (value === null || value === undefined ? null : String(value));
}

function encoder({ name, type }: Column): Encoder {
  switch (name) {
    case 'file':
      return (_, file) => file;
    case 'line':
      return (row) => String(row.line);
    case 'deleted':
      return (row) => (row.staged.deleted ? 't' : 'f');
    case 'id':
      return (row) => row.staged.id;
    case 'sourced_id':
      return (row) => row.staged.sourcedId;
    case 'refs': {
      const text = fromValue(type);
      return (row) => text(row.staged.refs);
    }
    default: {
      const text = fromValue(type);
      return (row) => text(row.staged.record[name]);
    }
  }
}

/** Every column's text form, in table order (for casts of text array parameters). */
export function textCells(columns: Column[]): (row: StagedRow, file: string) => Array<string | null> {
  const encoders = columns.map(encoder);
  return (row, file) => encoders.map((encode) => encode(row, file));
}

/** Types whose text form never holds a character that `COPY` escapes. */
const PLAIN = new Set(['uuid', 'date', 'integer', 'boolean']);
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyEscape = (text: string) =>
  SPECIAL.test(text) ? text.replace(SPECIALS, (char) => ESCAPES[char] as string) : text;

/** Rows in the text format of `COPY`: tab-separated, one per line, backslash escapes, `\N` for null. */
export function copyLines(columns: Column[]): (rows: StagedRow[], file: string) => string {
  const encoders = columns.map((column): Encoder => {
    const encode = encoder(column);
    if (PLAIN.has(column.type)) return (row, file) => encode(row, file) ?? '\\N';
    return (row, file) => {
      const text = encode(row, file);
      return text === null ? '\\N' : copyEscape(text);
    };
  });
  return (rows, file) => {
    let body = '';
    for (const row of rows) {
      let line = '';
      for (let index = 0; index < encoders.length; index++)
        line += (index === 0 ? '' : '\t') + (encoders[index] as Encoder)(row, file);
      body += `${line}\n`;
    }
    return body;
  };
}
