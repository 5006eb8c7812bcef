import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table sealing_keys (
      id text primary key,
      wrapped text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`,
    `create table teams (
      id uuid primary key,
      name text not null,
      kind text not null default 'organization' check (kind in ('organization', 'developer', 'platform')),
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    `create table users (
      id uuid primary key,
      email text not null,
      name text,
      password_hash text not null,
      platform_admin boolean not null default false,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create unique index users_email on users (lower(email))',
    `create table memberships (
      team_id uuid not null references teams(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
      created_date timestamptz not null default now(),
      primary key (team_id, user_id)
    )`,
    'create index memberships_user on memberships (user_id)',
    `create table user_sessions (
      id uuid primary key,
      token_hash text not null unique,
      user_id uuid not null references users(id) on delete cascade,
      created_date timestamptz not null default now(),
      expires_date timestamptz not null
    )`,
    `create table api_keys (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      name text not null,
      role text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
      token_hash text not null unique,
      hint text not null,
      created_date timestamptz not null default now(),
      last_used_date timestamptz,
      revoked_date timestamptz
    )`,
    'create index api_keys_team on api_keys (team_id)',
    `create table audit_log (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      actor_type text not null,
      actor_id uuid,
      action text not null,
      target_type text not null,
      target_id uuid not null,
      before jsonb,
      after jsonb,
      created_date timestamptz not null default now()
    )`,
    'create index audit_log_team on audit_log (team_id, created_date, id)',
  ]);
}
