import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/** The text fields `$filter` matches with `starts with` and `contains`, by table. */
const TEXT_FIELDS: Record<string, string[]> = {
  schools: ['name'],
  sessions: ['name'],
  courses: ['name'],
  classes: ['name'],
  sections: ['name'],
  people: ['first_name', 'last_name', 'display_name', 'email'],
};

/**
 * Indexes fitting `$filter`'s text operators, which ignore case: `starts with` is a `like`
 * prefix of the lowered text, served by a per-source B-tree in pattern order; `contains` is a
 * `like` infix, served by a trigram index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'create extension if not exists pg_trgm',
    ...Object.entries(TEXT_FIELDS).flatMap(([table, fields]) =>
      fields.flatMap((field) => [
        `create index ${table}_${field}_prefix on ${table} (source_id, lower(${field}) text_pattern_ops)`,
        `create index ${table}_${field}_trigram on ${table} using gin (lower(${field}) gin_trgm_ops)`,
      ]),
    ),
  ]);
}
