import type { Kysely } from 'kysely';
import { grantOf } from '../../graph/grants.ts';
import { insertGrant } from '../../graph/store/grants.ts';
import type { Executor } from '../connection.ts';
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

/** Only sources read whole by some integration (scope `all`) need their changes recorded. */
const readWhole = (row: string) => `${row}.source_id in (select i.source_id from integrations i where i.scope = 'all')
    and exists (select 1 from sources s where s.id = ${row}.source_id)`;

const RECORD_CHANGES = `create function graph_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into graph_changes (id, stream, kind, record_id, type, record)
    select graph_event_id(), n.source_id, tg_table_name, n.id, 'created', to_jsonb(n) from fresh n
    where ${readWhole('n')};
  elsif tg_op = 'UPDATE' then
    insert into graph_changes (id, stream, kind, record_id, type, record)
    select graph_event_id(), n.source_id, tg_table_name, n.id, 'updated', to_jsonb(n)
    from fresh n join gone o on o.id = n.id
    where o.hash is distinct from n.hash and ${readWhole('n')};
  else
    insert into graph_changes (id, stream, kind, record_id, type, record)
    select graph_event_id(), o.source_id, tg_table_name, o.id, 'deleted', to_jsonb(o) from gone o
    where ${readWhole('o')};
  end if;
  return null;
end $$`;

/**
 * Cost that does not grow with the number of integrations. Integrations of scope `all` read
 * their source itself; those of scope `selected` with the same targets share one view; a
 * change is recorded once per stream (a source, or a shared view) and each integration's feed
 * is derived from the streams its grants read. Only the events of an integration's own changes
 * of grant stay its own. Existing events stay as they are; each integration's grant starts now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Event ids: time first (the feed pages by id), then a sequence, so ids of one millisecond keep their order.
    'create sequence graph_event_seq',
    `create function graph_event_id() returns uuid language sql volatile as $$
      select (ms || '7' || substr(s, 1, 3) || '8' || substr(s, 4, 13) || '00')::uuid
      from (select lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') as ms,
        lpad(to_hex(nextval('graph_event_seq')), 16, '0') as s) x
    $$`,
    `create table views (
      id uuid primary key,
      source_id uuid not null references sources(id) on delete cascade,
      targets uuid[] not null,
      unique (source_id, targets)
    )`,
    `create table view_records (
      view_id uuid not null references views(id) on delete cascade,
      kind text not null,
      record_id uuid not null,
      hash text not null,
      primary key (view_id, kind, record_id)
    )`,
    'alter table integrations add column view_id uuid references views(id)',
    'create index integrations_view on integrations (view_id)',
    `create table graph_changes (
      stream uuid not null,
      id uuid not null,
      date timestamptz not null default now(),
      kind text not null,
      record_id uuid not null,
      type text not null check (type in ('created', 'updated', 'deleted')),
      record jsonb,
      primary key (stream, id)
    )`,
    'create index graph_changes_date on graph_changes (date)',
    `create table integration_grants (
      id uuid primary key,
      integration_id uuid not null references integrations(id) on delete cascade,
      date timestamptz not null default now(),
      stream uuid not null,
      kinds text[] not null,
      gates smallint not null
    )`,
    'create index integration_grants_integration on integration_grants (integration_id, id)',
    RECORD_CHANGES,
    ...GRAPH_TABLES.flatMap((table) => [
      `create trigger ${table}_insert_change after insert on ${table}
        referencing new table as fresh for each statement execute function graph_change()`,
      `create trigger ${table}_update_change after update on ${table}
        referencing old table as gone new table as fresh for each statement execute function graph_change()`,
      `create trigger ${table}_delete_change after delete on ${table}
        referencing old table as gone for each statement execute function graph_change()`,
    ]),
    // Tombstones now serve the `deleted` changes of shared views: none, nothing to keep.
    `create or replace function graph_tombstone() returns trigger language plpgsql as $$
    begin
      insert into graph_tombstones (source_id, kind, record_id, record)
      select gone.source_id, tg_table_name, gone.id, to_jsonb(gone) from gone
      where exists (select 1 from views v where v.source_id = gone.source_id);
      return null;
    end $$`,
  ]);
  const tx = db as unknown as Executor;
  const integrations = await tx
    .selectFrom('integrations')
    .select(['id', 'source_id', 'scope', 'targets', 'permissions'])
    // Every integration had a source when this ran; later ones may wait for one while requested.
    .where('source_id', 'is not', null)
    .$narrowType<{ source_id: string }>()
    .orderBy('id')
    .execute();
  for (const integration of integrations) await insertGrant(tx, integration.id, await grantOf(tx, integration));
  await runStatements(db, ['drop table integration_records', 'drop table view_changes']);
}
