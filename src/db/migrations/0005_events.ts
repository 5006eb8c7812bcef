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

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // What each integration sees: one row per shared record, with the content hash and the field
    // gates it was last seen with, so a recomputation can tell what entered, changed or left.
    `create table integration_records (
      integration_id uuid not null references integrations(id) on delete cascade,
      kind text not null,
      record_id uuid not null,
      hash text not null,
      gates smallint not null,
      primary key (integration_id, kind, record_id)
    )`,
    // Scratch space of one recomputation, emptied before its transaction ends.
    `create unlogged table view_changes (
      integration_id uuid not null,
      ordinal integer not null,
      kind text not null,
      record_id uuid not null,
      type text not null,
      hash text,
      gates smallint not null,
      primary key (integration_id, ordinal)
    )`,
    // json, not jsonb: the record keeps the key order of its model.
    `create table events (
      id uuid primary key,
      integration_id uuid not null references integrations(id) on delete cascade,
      date timestamptz not null default now(),
      type text not null check (type in ('created', 'updated', 'deleted')),
      target text not null,
      target_id uuid not null,
      data json not null
    )`,
    'create index events_integration on events (integration_id, id)',
    'create index events_date on events (date)',
    // The values records had before a change deleted or rewrote them, for the `deleted` events of
    // that change (a record that leaves a view carries the value the integration last saw); kept
    // until the change has been turned into events.
    `create table graph_tombstones (
      source_id uuid not null,
      kind text not null,
      record_id uuid not null,
      record jsonb not null,
      deleted_date timestamptz not null default now()
    )`,
    'create index graph_tombstones_source on graph_tombstones (source_id, kind, record_id)',
    // A source being deleted takes its integrations along: nothing to remember then.
    `create function graph_tombstone() returns trigger language plpgsql as $$
    begin
      insert into graph_tombstones (source_id, kind, record_id, record)
      select gone.source_id, tg_table_name, gone.id, to_jsonb(gone) from gone
      where exists (select 1 from sources s where s.id = gone.source_id);
      return null;
    end $$`,
    ...GRAPH_TABLES.flatMap((table) =>
      ['delete', 'update'].map(
        (event) =>
          `create trigger ${table}_${event}_tombstone after ${event} on ${table}
            referencing old table as gone for each statement execute function graph_tombstone()`,
      ),
    ),
  ]);
}
