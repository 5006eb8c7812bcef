import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { type Sharing, sharedRecords } from '../graph/store/visibility.ts';

/** The people, sources and integrations a sign-in reads. */

export function findPerson(db: Executor, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the person belongs to a source the demo seeded. */
export async function isDemoSourcePerson(db: Executor, personId: string): Promise<boolean> {
  const found = await db
    .selectFrom('people')
    .innerJoin('sources', 'sources.id', 'people.source_id')
    .select('people.id')
    .where('people.id', '=', personId)
    .where('sources.demo', '=', true)
    .executeTakeFirst();
  return found !== undefined;
}

/** A page of the people an integration's sharing reaches, by name. */
export async function sharedPeopleByName(db: Executor, sharing: Sharing, limit: number) {
  const { rows } = await sql<{ id: string; name: string; roles: string[] }>`
    select p.id, coalesce(p.display_name, concat_ws(' ', p.first_name, p.last_name)) as name, p.roles
    from people p where p.id in (select s.id from (${sharedRecords('people', sharing)}) s)
    order by p.last_name, p.first_name, p.id limit ${limit}`.execute(db);
  return rows;
}

/** At most two people of a source matching a sign-in's claim: one is an answer, two an ambiguity. */
export function matchPeople(
  db: Executor,
  sourceId: string,
  identifier: 'email' | 'sourced_id' | string,
  value: string,
) {
  const query = db.selectFrom('people').select('id').where('source_id', '=', sourceId).limit(2);
  if (identifier === 'email')
    return query.where((eb) => eb(eb.fn('lower', ['email']), '=', value.toLowerCase())).execute();
  if (identifier === 'sourced_id') return query.where('sourced_id', '=', value).execute();
  return query.where(sql<boolean>`identifiers @> ${JSON.stringify([{ type: identifier, value }])}::jsonb`).execute();
}

export function findSsoSource(db: Executor, id: string) {
  return db
    .selectFrom('sources')
    .select(['id', 'name', 'sso', 'sso_client_secret'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An application's integrations with one source, oldest first. */
export function applicationIntegrations(db: Executor, applicationId: string, sourceId: string) {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('source_id', '=', sourceId)
    .$narrowType<{ source_id: string }>()
    .orderBy('created_date')
    .execute();
}

/** Every integration of an application, with its source's name and sign-in settings, by source name. */
export function integrationsWithSources(db: Executor, applicationId: string) {
  return db
    .selectFrom('integrations')
    .innerJoin('sources', 'sources.id', 'integrations.source_id')
    .selectAll('integrations')
    .select(['sources.name as source_name', 'sources.sso as source_sso', 'sources.demo as source_demo'])
    .where('integrations.application_id', '=', applicationId)
    .$narrowType<{ source_id: string }>()
    .orderBy('sources.name')
    .execute();
}
