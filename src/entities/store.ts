import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';

type EntityInput = {
  name: string;
  kind: 'district' | 'school' | 'university' | 'company' | 'other';
  identifiers: Array<{ type: string; value: string }>;
};

export function findEntity(db: Executor, id: string) {
  return db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEntities(db: Executor, teamId: string, paging: Paging) {
  return pageBy(db.selectFrom('entities').selectAll().where('team_id', '=', teamId), 'id', paging).execute();
}

export function insertEntity(db: Executor, entity: EntityInput & { id: string; team_id: string }) {
  return db
    .insertInto('entities')
    .values({ ...entity, identifiers: JSON.stringify(entity.identifiers) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateEntity(db: Executor, id: string, changes: Partial<EntityInput>) {
  const { identifiers, ...rest } = changes;
  return db
    .updateTable('entities')
    .set({ ...rest, ...(identifiers ? { identifiers: JSON.stringify(identifiers) } : {}), updated_date: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteEntity(db: Executor, id: string) {
  return db.deleteFrom('entities').where('id', '=', id).execute();
}
