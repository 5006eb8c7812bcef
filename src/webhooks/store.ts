import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { WebhookTables } from './tables.ts';

type Endpoints = WebhookTables['webhook_endpoints'];
type Deliveries = WebhookTables['webhook_deliveries'];

/** Where an application's messages go now; null when it has no webhook URL. */
export async function webhookUrl(db: Executor, applicationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('applications')
    .select('webhook_url')
    .where('id', '=', applicationId)
    .executeTakeFirst();
  return row?.webhook_url ?? null;
}

export function findEndpoint(db: Executor, applicationId: string) {
  return db.selectFrom('webhook_endpoints').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}

/** Creates the endpoint unless another process just did; either way answers the stored one. */
export async function ensureEndpoint(db: Executor, endpoint: Insertable<Endpoints>) {
  await db
    .insertInto('webhook_endpoints')
    .values(endpoint)
    .onConflict((oc) => oc.column('application_id').doNothing())
    .execute();
  return (await findEndpoint(db, endpoint.application_id)) as NonNullable<Awaited<ReturnType<typeof findEndpoint>>>;
}

export function updateEndpoint(db: Executor, applicationId: string, changes: Updateable<Endpoints>) {
  return db
    .updateTable('webhook_endpoints')
    .set({ ...changes, updated_date: new Date() })
    .where('application_id', '=', applicationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertDelivery(db: Executor, delivery: Insertable<Deliveries>) {
  return db.insertInto('webhook_deliveries').values(delivery).execute();
}

/** Deliveries with the team of their application, which decides who may see them. */
const withTeam = (db: Executor) =>
  db
    .selectFrom('webhook_deliveries')
    .innerJoin('applications', 'applications.id', 'webhook_deliveries.application_id')
    .selectAll('webhook_deliveries')
    .select('applications.team_id');

export function findDelivery(db: Executor, id: string) {
  return withTeam(db).where('webhook_deliveries.id', '=', id).executeTakeFirst();
}

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

export function listDeliveries(db: Executor, applicationId: string, paging: Paging) {
  const query = withTeam(db).where('webhook_deliveries.application_id', '=', applicationId);
  return pageBy(query, 'webhook_deliveries.id', paging).execute();
}

export function updateDelivery(db: Executor, id: string, changes: Updateable<Deliveries>) {
  return db
    .updateTable('webhook_deliveries')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * Claims up to `limit` messages due at `now` whose endpoint is not switched off, moving their
 * next attempt out by `leaseSeconds` so no other worker sends them meanwhile; a worker that dies
 * mid-send leaves them to be tried again when the lease runs out.
 */
export async function claimDue(db: Executor, now: Date, leaseSeconds: number, limit: number) {
  const lease = new Date(now.getTime() + leaseSeconds * 1000);
  const { rows } = await sql<{ id: string }>`
    update webhook_deliveries set next_attempt_date = ${lease}
    where id in (
      select d.id from webhook_deliveries d
      left join webhook_endpoints e on e.application_id = d.application_id
      where d.state = 'pending' and d.next_attempt_date <= ${now} and e.disabled_date is null
      order by d.next_attempt_date limit ${limit} for update of d skip locked)
    returning id`.execute(db);
  return rows.map((row) => row.id);
}

/** Whether any message to the application was delivered since `since`. */
export async function deliveredSince(db: Executor, applicationId: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('state', '=', 'succeeded')
    .where('last_attempt_date', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

/** An `events.available` message for the integration not sent yet, which a new batch joins. */
export function pendingEventsMessage(db: Executor, integrationId: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('integration_id', '=', integrationId)
    .where('topic', '=', 'events.available')
    .where('state', '=', 'pending')
    .where('attempts', '=', 0)
    .executeTakeFirst();
}

/** The integrations of a source, with what says whether they are in service and what they may see. */
export function integrationsOfSource(db: Executor, sourceId: string) {
  return db
    .selectFrom('integrations')
    .select([
      'id',
      'application_id',
      'team_id',
      'source_id',
      'scope',
      'permissions',
      'requested_status',
      'start_date',
      'end_date',
    ])
    .where('source_id', '=', sourceId)
    .execute();
}

/** The last message of a topic about an integration. */
export function latestDelivery(db: Executor, integrationId: string, topic: string) {
  return withTeam(db)
    .where('webhook_deliveries.integration_id', '=', integrationId)
    .where('webhook_deliveries.topic', '=', topic)
    .orderBy('webhook_deliveries.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Forgets messages settled (sent or failed for good) before `before`; answers how many. */
export async function deleteSettledBefore(db: Executor, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('state', '<>', 'pending')
    .where('updated_date', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
