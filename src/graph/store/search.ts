import { type RawBuilder, sql } from 'kysely';
import type { GraphKind } from '../tables.ts';
import { literal } from './filters.ts';

/** The text fields a search matches, by kind: those `$filter` matches as text, which trigram indexes serve. */
const TEXT_FIELDS: Partial<Record<GraphKind, readonly string[]>> = {
  districts: ['name'],
  schools: ['name'],
  sessions: ['name'],
  courses: ['name'],
  classes: ['name'],
  sections: ['name'],
  people: ['first_name', 'last_name', 'display_name', 'email'],
};

/** Rows `r` of `kind` one of whose text fields contains every word of `text`, ignoring case. */
export function matching(kind: GraphKind, text: string): RawBuilder<boolean> {
  const fields = TEXT_FIELDS[kind] ?? [];
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (fields.length === 0 || words.length === 0) return sql<boolean>`true`;
  const wordMatches = (word: string) =>
    sql`(${sql.join(
      fields.map((field) => sql`lower(${sql.ref(`r.${field}`)}) like ${`%${literal(word)}%`}`),
      sql` or `,
    )})`;
  return sql<boolean>`${sql.join(words.map(wordMatches), sql` and `)}`;
}
