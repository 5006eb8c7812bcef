import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

const GRAPH_TABLES = [
  'districts',
  'schools',
  'sessions',
  'courses',
  'classes',
  'sections',
  'people',
  'enrollments',
  'agents',
];

/**
 * Record fingerprints become a 64-bit hash of the record's columns (the import's plan computes it
 * for every staged row, and the md5 of a JSON rendering cost five times as much). Stored records
 * and the views that saw them take the new fingerprint together, so nothing looks changed; the
 * rewrite leaves no tombstones (nothing was deleted or changed).
 */
const REHASH = `do $$
declare
  t text;
  columns text;
begin
  foreach t in array array['${GRAPH_TABLES.join("', '")}'] loop
    select string_agg(format('g.%I', attname), ', ' order by attnum) into columns from pg_attribute
    where attrelid = t::regclass and attnum > 0 and not attisdropped
      and attname not in ('created_date', 'updated_date', 'hash');
    execute format('alter table %I disable trigger %I', t, t || '_update_tombstone');
    execute format('update integration_records r set hash = to_hex(hash_record_extended(row(%s), 0)) from %I g
      where r.kind = %L and r.record_id = g.id and r.hash = g.hash', columns, t, t);
    execute format('update %I g set hash = to_hex(hash_record_extended(row(%s), 0))', t, columns);
    execute format('alter table %I enable trigger %I', t, t || '_update_tombstone');
  end loop;
end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [REHASH]);
}
