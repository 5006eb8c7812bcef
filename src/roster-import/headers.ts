import type { Issues } from './issues.ts';
import { FILES, type FileSpec, type Version } from './spec.ts';

/** OneRoster's own way to add columns: `metadata.<name>`; they land in `properties`. */
const EXTENSION = /^metadata\./;
/** sourcedId, status, dateLastModified: common to every file. */
const HEAD_COLUMNS = 3;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** A known column that `cell` most likely misspells, if any. */
function misspelt(cell: string, columns: string[]): string | undefined {
  if (cell.length < 5) return undefined;
  return columns.find((column) => distance(cell.toLowerCase(), column.toLowerCase()) <= 2);
}

/** The other file whose header this is, when it is not the one the file name says. */
function headerOfAnotherFile(spec: FileSpec, version: Version, present: Set<string>): string | undefined {
  const own = (file: FileSpec) => file.required[version].slice(HEAD_COLUMNS);
  return FILES.find((other) => other !== spec && own(other).every((column) => present.has(column)))?.name;
}

/**
 * Checks a header row against the file's columns and answers the column name of each cell.
 * Refused: empty cells, names with a NUL character, repeated columns, misspellings of standard
 * columns (they would silently lose data), missing required columns. Tolerated with a warning: a
 * column in another case, and unknown columns, which are kept in each record's `properties`.
 */
export function checkHeader(file: string, spec: FileSpec, version: Version, cells: string[], issues: Issues): string[] {
  const place = { file, line: 1 };
  const names: string[] = [];
  const present = new Set<string>();
  cells.forEach((raw, index) => {
    const cell = raw.trim();
    let name = cell;
    if (cell === '') {
      issues.error(place, `header cell ${index + 1} is empty; every column needs a name`);
    } else if (cell.includes('\u0000')) {
      issues.error(
        { ...place, column: cell },
        'the column name holds a NUL character (U+0000), which no name can store',
      );
    } else if (present.has(cell)) {
      issues.error({ ...place, column: cell }, 'the column appears twice in the header');
    } else if (!spec.columns.includes(cell) && !EXTENSION.test(cell)) {
      const sameButCase = spec.columns.find((column) => column.toLowerCase() === cell.toLowerCase());
      const typo = misspelt(cell, spec.columns);
      if (sameButCase) {
        issues.warn({ ...place, column: cell }, `read as '${sameButCase}' (column names are case-sensitive)`);
        name = sameButCase;
      } else if (typo) {
        issues.error({ ...place, column: cell }, `'${cell}' is not a OneRoster column; did you mean '${typo}'?`);
      } else {
        issues.warn(
          { ...place, column: cell },
          `'${cell}' is not a OneRoster ${version} column of ${file}; its values are kept in properties`,
        );
      }
    }
    names.push(name);
    present.add(name);
  });
  const missing = spec.required[version].filter((column) => !present.has(column));
  if (missing.length > 0) {
    const other = headerOfAnotherFile(spec, version, present);
    const hint = other ? ` (this is the header of ${other}.csv)` : '';
    issues.error(
      place,
      `the header misses the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${hint}`,
    );
  }
  return names;
}
