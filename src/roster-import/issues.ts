import type { Issue } from './tables.ts';

/** How many distinct problems of each severity the import history keeps; totals are always exact. */
export const STORED_ISSUES = 100;

type Place = { file?: string | null; line?: number | null; column?: string | null };

/** A NUL quoted from the export (a header cell, say) is shown escaped: the history's JSON cannot hold it. */
const printable = (text: string) => text.replaceAll('\u0000', '\\u0000');

/** Where an issue is, as stored. */
const located = (place: Place, count: number) => ({
  file: place.file ? printable(place.file) : null,
  line: place.line ?? null,
  column: place.column ? printable(place.column) : null,
  count,
});

/** `users.csv line 12, column role: …` */
function describe(place: Place, message: string, count = 1): string {
  const parts: string[] = [];
  if (place.file) parts.push(place.file);
  if (place.line) parts.push(count > 1 ? `line ${place.line} and ${count - 1} more` : `line ${place.line}`);
  const where = parts.join(' ');
  const column = place.column ? `${where ? ', ' : ''}column ${place.column}` : '';
  return printable(where || column ? `${where}${column}: ${message}` : message);
}

/**
 * Collects warnings and errors. Warnings repeat by the thousand in real exports (a status column
 * filled in bulk mode, say), so a warning of the same kind in the same file and column is kept
 * once, with its first line and a count. Errors are kept one by one up to the cap.
 */
export class Issues {
  readonly #warnings = new Map<string, Issue & { text: string }>();
  readonly #errors: Issue[] = [];
  warningCount = 0;
  errorCount = 0;

  warn(place: Place, message: string, key = message, count = 1): void {
    this.warningCount += count;
    const id = `${place.file ?? ''}\u0000${place.column ?? ''}\u0000${key}`;
    const seen = this.#warnings.get(id);
    if (seen) {
      seen.count += count;
      seen.message = describe(seen, seen.text, seen.count);
      return;
    }
    if (this.#warnings.size >= STORED_ISSUES) return;
    const issue = { ...located(place, count), text: message };
    this.#warnings.set(id, { ...issue, message: describe(issue, message, count) });
  }

  error(place: Place, message: string, count = 1): void {
    this.errorCount += count;
    if (this.#errors.length >= STORED_ISSUES) return;
    const issue = located(place, count);
    this.#errors.push({ ...issue, message: describe(issue, message, count) });
  }

  get failed(): boolean {
    return this.errorCount > 0;
  }

  get warnings(): Issue[] {
    return [...this.#warnings.values()].map(({ text: _text, ...issue }) => issue);
  }

  get errors(): Issue[] {
    return [...this.#errors];
  }
}
