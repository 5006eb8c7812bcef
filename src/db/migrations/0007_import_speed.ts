import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Imports now stage into typed tables of their own (created and dropped by each import).
    'drop table import_rows',
    // Bumped by every change of a source's graph: an import plans its writes outside its
    // transaction, and applies the plan only if nothing changed the source in between.
    `create table graph_revisions (
      source_id uuid primary key references sources(id) on delete cascade,
      revision bigint not null
    )`,
    // Tombstones serve the `deleted` events of the source's integrations: none, nothing to keep.
    `create or replace function graph_tombstone() returns trigger language plpgsql as $$
    begin
      insert into graph_tombstones (source_id, kind, record_id, record)
      select gone.source_id, tg_table_name, gone.id, to_jsonb(gone) from gone
      where exists (select 1 from sources s where s.id = gone.source_id)
        and exists (select 1 from integrations i where i.source_id = gone.source_id);
      return null;
    end $$`,
  ]);
}
