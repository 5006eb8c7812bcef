import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table providers (
      id uuid primary key,
      name text not null unique,
      title text not null,
      authorization_url text,
      token_url text,
      scopes jsonb not null default '[]',
      default_config jsonb not null default '{}',
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    `create table entities (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      name text not null,
      kind text not null check (kind in ('district', 'school', 'university', 'company', 'other')),
      identifiers jsonb not null default '[]',
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create index entities_team on entities (team_id, id)',
    `create table sources (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      provider_id uuid not null references providers(id),
      entity_id uuid references entities(id) on delete set null,
      name text not null,
      state text not null default 'inactive' check (state in ('inactive', 'active', 'error', 'disabled')),
      external_entity_id text,
      external_entity_name text,
      config jsonb not null default '{}',
      credentials text,
      sso jsonb,
      sso_client_secret text,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create index sources_team on sources (team_id, id)',
    `create table applications (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      name text not null,
      description text,
      icon_url text,
      redirect_uris jsonb not null default '[]',
      webhook_url text,
      requested_permissions jsonb not null default '[]',
      secret_hash text not null unique,
      secret_hint text not null,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create index applications_team on applications (team_id, id)',
    `create table integrations (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      source_id uuid not null references sources(id) on delete cascade,
      application_id uuid not null references applications(id) on delete cascade,
      permissions jsonb not null default '[]',
      scope text not null check (scope in ('all', 'selected')),
      targets jsonb not null default '[]',
      status text not null check (status in ('inactive', 'active', 'disabled')),
      requested_status text not null default 'active' check (requested_status in ('inactive', 'active', 'disabled')),
      start_date timestamptz,
      end_date timestamptz,
      token_hash text not null unique,
      token_sealed text not null,
      previous_token_hash text unique,
      previous_token_expires_date timestamptz,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create index integrations_team on integrations (team_id, id)',
    'create index integrations_application on integrations (application_id, id)',
    'create index integrations_source on integrations (source_id)',
    'create index integrations_schedule on integrations (status, start_date, end_date)',
  ]);
}
