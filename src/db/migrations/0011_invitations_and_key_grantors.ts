import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * People join a team by accepting an invitation addressed to their email, never by being added.
 * A developer key's client-credentials role remembers who set it, so its tokens never act above
 * that member's current role. Keys set before this have no such member and must be set again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table team_invitations (
      id uuid primary key,
      team_id uuid not null references teams(id) on delete cascade,
      email text not null,
      role text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
      invited_by_type text not null,
      invited_by_id uuid,
      created_date timestamptz not null default now(),
      expires_date timestamptz not null
    )`,
    'create unique index team_invitations_team_email on team_invitations (team_id, email)',
    'create index team_invitations_email on team_invitations (email)',
    `alter table developer_keys
      add column client_credentials_set_by_type text check (client_credentials_set_by_type in ('user', 'api_key')),
      add column client_credentials_set_by_id uuid`,
  ]);
}
