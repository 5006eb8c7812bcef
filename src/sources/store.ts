import type { Executor } from '../db/connection.ts';

export function findSource(db: Executor, id: string) {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}
