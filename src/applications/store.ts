import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { ApplicationTables } from './tables.ts';

type Applications = ApplicationTables['applications'];

export function findApplication(db: Executor, id: string) {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findApplicationBySecretHash(db: Executor, secretHash: string) {
  return db.selectFrom('applications').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

export function listApplications(db: Executor, teamId: string, paging: Paging) {
  return pageBy(db.selectFrom('applications').selectAll().where('team_id', '=', teamId), 'id', paging).execute();
}

export function insertApplication(db: Executor, application: Insertable<Applications>) {
  return db.insertInto('applications').values(application).returningAll().executeTakeFirstOrThrow();
}

export function updateApplication(db: Executor, id: string, changes: Updateable<Applications>) {
  return db
    .updateTable('applications')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteApplication(db: Executor, id: string) {
  return db.deleteFrom('applications').where('id', '=', id).execute();
}
