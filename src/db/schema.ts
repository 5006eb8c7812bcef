import type { ApplicationTables } from '../applications/tables.ts';
import type { AuditTables } from '../audit/tables.ts';
import type { AuthTables } from '../auth/tables.ts';
import type { ConnectionTables } from '../connections/tables.ts';
import type { DeveloperKeyTables } from '../developer-keys/tables.ts';
import type { EntityTables } from '../entities/tables.ts';
import type { GraphTables } from '../graph/tables.ts';
import type { IntegrationTables } from '../integrations/tables.ts';
import type { MembersTables } from '../members/tables.ts';
import type { OAuthTables } from '../oauth/tables.ts';
import type { ProviderTables } from '../providers/tables.ts';
import type { RosterImportTables } from '../roster-import/tables.ts';
import type { SealingTables } from '../sealing/tables.ts';
import type { SourceTables } from '../sources/tables.ts';
import type { TeamsTables } from '../teams/tables.ts';
import type { WebhookTables } from '../webhooks/tables.ts';

/** The database as Kysely sees it: each feature contributes its tables. */
export type Schema = AuthTables &
  SealingTables &
  TeamsTables &
  AuditTables &
  MembersTables &
  ProviderTables &
  EntityTables &
  SourceTables &
  ApplicationTables &
  IntegrationTables &
  GraphTables &
  RosterImportTables &
  DeveloperKeyTables &
  OAuthTables &
  ConnectionTables &
  WebhookTables;
