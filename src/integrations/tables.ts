import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type IntegrationStatus = 'requested' | 'inactive' | 'active' | 'disabled';

export type IntegrationTables = {
  integrations: {
    id: string;
    team_id: string;
    /** Null only while `requested`: the organization picks the source when it approves. */
    source_id: string | null;
    application_id: string;
    permissions: Json<string[]>;
    /** What the application asks this organization to approve (first or again); null when nothing waits. */
    pending_permissions: Json<string[] | null>;
    pending_date: Date | null;
    scope: 'all' | 'selected';
    targets: Json<string[]>;
    /** The shared view a `selected` integration reads; null for `all`, which reads its source. */
    view_id: Generated<string | null>;
    /** What the schedule yields: `requested_status` narrowed by `start_date` and `end_date`. */
    status: IntegrationStatus;
    /** What an administrator asked for. */
    requested_status: Generated<IntegrationStatus>;
    start_date: Date | null;
    end_date: Date | null;
    token_hash: string;
    /** The access token sealed (context `integrations.token_sealed`): the developer API shows it again. */
    token_sealed: string;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  /** An activation message's one-time verifier (hashed), exchanged by the application for the access token. */
  integration_verifiers: {
    integration_id: string;
    verifier_hash: string;
    expires_date: Date;
    created_date: Generated<Date>;
  };
  /** Tokens replaced by a rotation, each working until its own grace period ends. */
  integration_retired_tokens: { token_hash: string; integration_id: string; expires_date: Date };
};
