import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table imports (
      id uuid primary key,
      source_id uuid not null references sources(id) on delete cascade,
      state text not null check (state in ('running', 'succeeded', 'failed')),
      mode text check (mode in ('bulk', 'delta')),
      version text,
      files jsonb not null default '{}',
      changes jsonb not null default '{}',
      warnings jsonb not null default '[]',
      errors jsonb not null default '[]',
      warning_count integer not null default 0,
      error_count integer not null default 0,
      runner text not null,
      heartbeat_date timestamptz not null default now(),
      started_date timestamptz not null default now(),
      finished_date timestamptz,
      duration_ms integer
    )`,
    'create index imports_source on imports (source_id, started_date desc)',
    `create index imports_running on imports (state) where state = 'running'`,
    // Staging is scratch space: unlogged (no WAL), and a crash of
    // the database empties it, which is what a dead import needs.
    `create unlogged table import_rows (
      import_id uuid not null,
      kind text not null,
      id uuid not null,
      sourced_id text not null,
      file text not null,
      line integer not null,
      deleted boolean not null,
      record jsonb not null,
      refs jsonb
    )`,
    'create index import_rows_key on import_rows (import_id, kind, id)',
  ]);
}
