import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { IntegrationTables } from './tables.ts';

type Integrations = IntegrationTables['integrations'];

/**
 * An integration with what the v1 object nests: application, source, team, provider, entity. A
 * requested integration has no source, hence no provider or entity, until it is approved.
 */
function view(db: Executor) {
  return db
    .selectFrom('integrations')
    .innerJoin('applications', 'applications.id', 'integrations.application_id')
    .leftJoin('sources', 'sources.id', 'integrations.source_id')
    .innerJoin('teams', 'teams.id', 'integrations.team_id')
    .leftJoin('providers', 'providers.id', 'sources.provider_id')
    .leftJoin('entities', 'entities.id', 'sources.entity_id')
    .selectAll('integrations')
    .select([
      'applications.name as application_name',
      'applications.description as application_description',
      'applications.icon_url as application_icon_url',
      'applications.requested_permissions as application_requested_permissions',
      'applications.identity_link_url as application_identity_link_url',
      'sources.name as source_name',
      'sources.state as source_state',
      'sources.created_date as source_created_date',
      'sources.updated_date as source_updated_date',
      'teams.name as team_name',
      'providers.id as provider_id',
      'providers.name as provider_name',
      'providers.title as provider_title',
      'entities.id as entity_id',
      'entities.name as entity_name',
      'entities.kind as entity_kind',
      'entities.identifiers as entity_identifiers',
    ]);
}

export type IntegrationView = NonNullable<Awaited<ReturnType<typeof findIntegration>>>;

export function findIntegration(db: Executor, id: string) {
  return view(db).where('integrations.id', '=', id).executeTakeFirst();
}

export function listTeamIntegrations(db: Executor, teamId: string, paging: Paging) {
  return pageBy(view(db).where('integrations.team_id', '=', teamId), 'integrations.id', paging).execute();
}

export function listApplicationIntegrations(db: Executor, applicationId: string, paging: Paging) {
  return pageBy(view(db).where('integrations.application_id', '=', applicationId), 'integrations.id', paging).execute();
}

export async function insertIntegration(db: Executor, integration: Insertable<Integrations>) {
  await db.insertInto('integrations').values(integration).execute();
  return (await findIntegration(db, integration.id)) as IntegrationView;
}

export async function updateIntegration(db: Executor, id: string, changes: Updateable<Integrations>) {
  await db
    .updateTable('integrations')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .execute();
  return (await findIntegration(db, id)) as IntegrationView;
}

export function deleteIntegration(db: Executor, id: string) {
  return db.deleteFrom('integrations').where('id', '=', id).execute();
}

/** Every integration, or a team's, for operators at the command line. */
export function listIntegrations(db: Executor, teamId?: string) {
  const query = view(db).orderBy('integrations.created_date');
  return (teamId ? query.where('integrations.team_id', '=', teamId) : query).execute();
}

export function integrationsOfApplication(db: Executor, applicationId: string) {
  return view(db).where('integrations.application_id', '=', applicationId).execute();
}

/** Whether the source has any schools, classes or courses yet. */
export async function sourceHasOrganizations(db: Executor, sourceId: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`select exists (select 1 from schools where source_id = ${sourceId})
    or exists (select 1 from classes where source_id = ${sourceId})
    or exists (select 1 from courses where source_id = ${sourceId}) as found`.execute(db);
  return row.rows[0]?.found ?? false;
}

/** Of `ids`, those that are schools, classes or courses of the source. */
export async function knownTargets(db: Executor, sourceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await db
    .selectFrom('schools')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('id', 'in', ids)
    .union(db.selectFrom('classes').select('id').where('source_id', '=', sourceId).where('id', 'in', ids))
    .union(db.selectFrom('courses').select('id').where('source_id', '=', sourceId).where('id', 'in', ids))
    .execute();
  return new Set(found.map((row) => row.id));
}

/** Holds the integration's row until the transaction ends: one process at a time acts on its schedule. */
export async function lockIntegration(tx: Executor, id: string): Promise<void> {
  await tx.selectFrom('integrations').select('id').where('id', '=', id).forUpdate().execute();
}

/** Integrations whose stored status is not what their schedule gives at `now`. */
export function integrationsDue(db: Executor, now: Date) {
  return db
    .selectFrom('integrations')
    .select(['id', 'team_id', 'status', 'requested_status', 'start_date', 'end_date'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'inactive'), eb('start_date', '<=', now), eb('requested_status', '=', 'active')]),
        eb.and([eb('status', '<>', 'disabled'), eb('end_date', '<=', now)]),
      ]),
    )
    .execute();
}

/** An integration's own row, without what the v1 object nests. */
export function findIntegrationRow(db: Executor, id: string) {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The integration whose access token has this hash: its current one, or a retired one while
 * that token's rotation grace lasts.
 */
export function findIntegrationByTokenHash(db: Executor, hash: string, now: Date) {
  const columns = [
    'id',
    'source_id',
    'scope',
    'view_id',
    'permissions',
    'requested_status',
    'start_date',
    'end_date',
  ] as const;
  const retired = db
    .selectFrom('integration_retired_tokens')
    .select('integration_id')
    .where('token_hash', '=', hash)
    .where('expires_date', '>', now);
  return db
    .selectFrom('integrations')
    .select(columns)
    .where((eb) => eb.or([eb('token_hash', '=', hash), eb('id', 'in', retired)]))
    .executeTakeFirst();
}

/** Keeps a replaced token working until `expires`; forgets the integration's retired tokens that ran out. */
export async function retireToken(db: Executor, integrationId: string, hash: string, expires: Date, now: Date) {
  await db
    .deleteFrom('integration_retired_tokens')
    .where('integration_id', '=', integrationId)
    .where('expires_date', '<=', now)
    .execute();
  if (expires > now)
    await db
      .insertInto('integration_retired_tokens')
      .values({ token_hash: hash, integration_id: integrationId, expires_date: expires })
      .execute();
}

/** The application's request to the organization that still awaits an answer, if any. */
export function requestedIntegration(db: Executor, applicationId: string, teamId: string) {
  return db
    .selectFrom('integrations')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('team_id', '=', teamId)
    .where('requested_status', '=', 'requested')
    .executeTakeFirst();
}

export async function teamHasSource(db: Executor, teamId: string, sourceId: string): Promise<boolean> {
  const found = await db
    .selectFrom('sources')
    .select('id')
    .where('id', '=', sourceId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return found !== undefined;
}

/** Puts a new verifier in place of the integration's previous one, which stops working. */
export async function replaceVerifier(
  db: Executor,
  verifier: { integration_id: string; verifier_hash: string; expires_date: Date },
) {
  await db
    .insertInto('integration_verifiers')
    .values(verifier)
    .onConflict((oc) =>
      oc.column('integration_id').doUpdateSet({
        verifier_hash: verifier.verifier_hash,
        expires_date: verifier.expires_date,
        created_date: new Date(),
      }),
    )
    .execute();
}

/** Spends the verifier if it is the integration's and still valid: true once, never again. */
export async function takeVerifier(db: Executor, integrationId: string, hash: string, now: Date): Promise<boolean> {
  const taken = await db
    .deleteFrom('integration_verifiers')
    .where('integration_id', '=', integrationId)
    .where('verifier_hash', '=', hash)
    .where('expires_date', '>', now)
    .returning('integration_id')
    .executeTakeFirst();
  return taken !== undefined;
}
