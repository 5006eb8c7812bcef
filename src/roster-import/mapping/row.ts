import type { GraphKind } from '../../graph/tables.ts';
import type { Issues } from '../issues.ts';
import type { Version } from '../spec.ts';

/** Staged kinds: the graph's, plus the two files folded into people (1.2 roles, demographics). */
export type StageKind = GraphKind | 'roles' | 'demographics';

/**
 * A mapped row, ready for staging. `record` holds the graph table's columns (references already
 * as record ids); `refs` keeps, per reference column, the CSV column and sourcedId(s) it came
 * from, so a dangling reference can be reported in the file's own terms.
 */
export type Staged = {
  kind: StageKind;
  id: string;
  sourcedId: string;
  deleted: boolean;
  record: Record<string, unknown>;
  refs?: Record<string, unknown>;
};

/** What every mapper needs besides the row. */
export type MapContext = {
  sourceId: string;
  version: Version;
  /**
   * sourcedIds of the orgs that are districts (this import's and
   * the source's): an org reference names a district or a school.
   */
  districts: Set<string>;
  /** The date states are computed against (`upcoming`, `active`, `completed`), `YYYY-MM-DD`. */
  today: string;
};

/**
 * The header of a file, shared by its rows: where each column is, and which columns lie outside
 * the standard (extensions, for `properties`). A column named twice reads as its last cell.
 */
export class Header {
  readonly columns: readonly string[];
  readonly index: Map<string, number>;
  readonly extras: Array<[string, number]>;

  constructor(columns: readonly string[], known: readonly string[]) {
    this.columns = columns;
    this.index = new Map(columns.map((column, index) => [column, index]));
    this.extras = [...this.index].filter(([column]) => !known.includes(column));
  }
}

/** One CSV row by column name, reporting problems at its own file, line and column. */
export class Row {
  readonly file: string;
  readonly line: number;
  /** `inactive` is not a 1.1 status, but real exports write it: the record is kept, marked inactive. */
  status: 'active' | 'tobedeleted' | 'inactive' = 'active';
  readonly #header: Header;
  readonly #cells: readonly string[];
  readonly #issues: Issues;

  constructor(file: string, line: number, header: Header, cells: readonly string[], issues: Issues) {
    this.file = file;
    this.line = line;
    this.#header = header;
    this.#cells = cells;
    this.#issues = issues;
  }

  /** The trimmed value, `''` when empty or when the file has no such column. */
  get(column: string): string {
    const index = this.#header.index.get(column);
    return index === undefined ? '' : (this.#cells[index]?.trim() ?? '');
  }

  /** The trimmed value, or null when empty. */
  optional(column: string): string | null {
    return this.get(column) || null;
  }

  warn(column: string | null, message: string, key = message): void {
    this.#issues.warn({ file: this.file, line: this.line, column }, message, key);
  }

  error(column: string | null, message: string): void {
    this.#issues.error({ file: this.file, line: this.line, column }, message);
  }

  /** Values of columns outside the standard (extensions), for `properties`. */
  extras(): Record<string, string> {
    const extras: Record<string, string> = {};
    for (const [column, index] of this.#header.extras) {
      const value = this.#cells[index]?.trim() ?? '';
      if (value !== '') extras[column] = value;
    }
    return extras;
  }
}
