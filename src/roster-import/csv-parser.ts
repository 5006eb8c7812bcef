/**
 * A CSV parser for OneRoster files, written for speed (it reads every byte of a district's
 * export, and its cost was most of an import's): RFC 4180 quoting, the record delimiters CRLF,
 * LF and CR mixed in one file, blank lines skipped, each record with the line it starts on.
 * A quote inside an unquoted field, text after a closing quote, an unclosed quote and an
 * overlong record are errors, worded as the csv-parse library words them.
 */

export type CsvRow = { line: number; cells: string[] };

/** The longest row read, in characters: far beyond any real roster row. */
export const MAX_RECORD = 1_000_000;

/** The CSV itself is broken (an unclosed quote, say); reading stops at `line`. */
export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const BREAK = /\r\n|\n|\r/g;
const breaks = (value: string) => (value.includes('\n') || value.includes('\r') ? (value.match(BREAK)?.length ?? 0) : 0);

/** Where a record ended: the position after its delimiter, and the line breaks inside its fields. */
type End = { next: number; breaks: number };

export class CsvParser {
  #text = '';
  #line = 1;
  #started = false;

  /** The records completed by `chunk`; a record cut by the chunk's end waits for the next one. */
  push(chunk: string): CsvRow[] {
    let text = this.#text + chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return this.#parse(text, false);
  }

  /** The last record, once the input has ended. */
  end(): CsvRow[] {
    return this.#parse(this.#text, true);
  }

  #parse(text: string, final: boolean): CsvRow[] {
    const rows: CsvRow[] = [];
    let position = 0;
    while (position < text.length) {
      const first = text.charCodeAt(position);
      if (first === CR || first === LF) {
        // A blank line: skipped, but counted. A CR last in the chunk may be the start of a CRLF.
        if (first === CR && position + 1 === text.length && !final) break;
        position += first === CR && text.charCodeAt(position + 1) === LF ? 2 : 1;
        this.#line += 1;
        continue;
      }
      const cells: string[] = [];
      const end = this.#record(text, position, final, cells);
      if (!end) {
        if (final) throw new CsvSyntaxError(this.#line, 'Quote Not Closed: the parsing is finished with an opening quote');
        if (text.length - position > MAX_RECORD) throw this.#tooLong();
        break;
      }
      if (end.next - position > MAX_RECORD + 2) throw this.#tooLong();
      rows.push({ line: this.#line, cells });
      this.#line += 1 + end.breaks;
      position = end.next;
    }
    this.#text = text.slice(position);
    return rows;
  }

  #tooLong(): CsvSyntaxError {
    return new CsvSyntaxError(this.#line, `Max Record Size: record exceed the maximum number of tolerated bytes of ${MAX_RECORD}`);
  }

  /** Reads the record at `start` into `cells`; undefined when the text ends before the record does. */
  #record(text: string, start: number, final: boolean, cells: string[]): End | undefined {
    const length = text.length;
    let position = start;
    let inside = 0;
    for (;;) {
      let value: string;
      if (text.charCodeAt(position) === QUOTE) {
        value = '';
        let from = position + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (quote + 1 === length && !final)) return undefined;
          value += text.slice(from, quote);
          if (text.charCodeAt(quote + 1) !== QUOTE) {
            position = quote + 1;
            break;
          }
          value += '"';
          from = quote + 2;
        }
        inside += breaks(value);
        const next = text.charCodeAt(position);
        if (position < length && next !== COMMA && next !== CR && next !== LF) {
          throw new CsvSyntaxError(
            this.#line,
            `got "${String.fromCodePoint(text.codePointAt(position) as number)}" instead of delimiter, record delimiter, trimable character (if activated) or comment`,
          );
        }
      } else {
        const from = position;
        let code = text.charCodeAt(position);
        while (position < length && code !== COMMA && code !== CR && code !== LF) {
          if (code === QUOTE) throw new CsvSyntaxError(this.#line, `a quote is found on field ${cells.length}, value is "${text.slice(from, position)}"`);
          code = text.charCodeAt(++position);
        }
        value = text.slice(from, position);
      }
      cells.push(value);
      if (position >= length) return final ? { next: length, breaks: inside } : undefined;
      const delimiter = text.charCodeAt(position);
      if (delimiter === COMMA) {
        position += 1;
        if (position === length && !final) return undefined;
        continue;
      }
      if (delimiter === CR) {
        if (position + 1 === length && !final) return undefined;
        return { next: position + (text.charCodeAt(position + 1) === LF ? 2 : 1), breaks: inside };
      }
      return { next: position + 1, breaks: inside };
    }
  }
}
