import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { type Actor, auditChange } from '../audit/service.ts';
import type { Executor } from '../db/connection.ts';
import { presentEntity } from './presenters.ts';
import type { CreateEntityBody, UpdateEntityBody } from './schema.ts';
import * as store from './store.ts';

type EntityRow = NonNullable<Awaited<ReturnType<typeof store.findEntity>>>;

function audit(
  tx: Executor,
  actor: Actor,
  action: string,
  before: EntityRow | undefined,
  after: EntityRow | undefined,
) {
  return auditChange(tx, actor, action, presentEntity, before, after);
}

export function createEntity(db: Executor, actor: Actor, teamId: string, input: Static<typeof CreateEntityBody>) {
  return db.transaction().execute(async (tx) => {
    const entity = await store.insertEntity(tx, {
      id: randomUUID(),
      team_id: teamId,
      ...input,
      identifiers: input.identifiers ?? [],
    });
    await audit(tx, actor, 'entity.created', undefined, entity);
    return entity;
  });
}

export function updateEntity(db: Executor, actor: Actor, before: EntityRow, input: Static<typeof UpdateEntityBody>) {
  return db.transaction().execute(async (tx) => {
    const entity = await store.updateEntity(tx, before.id, input);
    await audit(tx, actor, 'entity.updated', before, entity);
    return entity;
  });
}

/** Its sources keep running without one. */
export function deleteEntity(db: Executor, actor: Actor, before: EntityRow) {
  return db.transaction().execute(async (tx) => {
    await store.deleteEntity(tx, before.id);
    await audit(tx, actor, 'entity.deleted', before, undefined);
  });
}
