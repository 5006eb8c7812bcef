import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { ConnectionTables } from './tables.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export type TokenRow = Selectable<ConnectionTables['connection_tokens']>;

/** A mapping is a source: the team's one source of the provider. */
function mappings(db: Executor) {
  return db.selectFrom('sources').selectAll('sources');
}

export function findMapping(db: Executor, providerId: string, teamId: string) {
  return mappings(db).where('provider_id', '=', providerId).where('team_id', '=', teamId).executeTakeFirst();
}

/** Every team's mapping of a provider: for platform callers only. */
export function listMappings(db: Executor, providerId: string, paging: Paging) {
  return pageBy(mappings(db).where('provider_id', '=', providerId), 'sources.id', paging).execute();
}

export function findToken(db: Executor, sourceId: string, scopeKey = '') {
  return db
    .selectFrom('connection_tokens')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('scope_key', '=', scopeKey)
    .executeTakeFirst();
}

/** The token row, locked until the transaction ends: one refresh at a time across processes. */
export function lockToken(db: Executor, id: string) {
  return db.selectFrom('connection_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function saveToken(db: Executor, token: Insertable<ConnectionTables['connection_tokens']>) {
  const { id: _id, source_id: _source, scope_key: _scope, team_id: _team, ...changes } = token;
  await db
    .insertInto('connection_tokens')
    .values(token)
    .onConflict((oc) => oc.columns(['source_id', 'scope_key']).doUpdateSet({ ...changes, updated_date: new Date() }))
    .execute();
}

export async function updateToken(
  db: Executor,
  id: string,
  changes: Updateable<ConnectionTables['connection_tokens']>,
) {
  await db
    .updateTable('connection_tokens')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * Refreshable tokens due within their provider's margin plus `aheadSeconds`, or of unknown expiry
 * and a day old, soonest first, skipping those given up: the sweeper's work, across every team.
 */
export function tokensDue(db: Executor, now: Date, aheadSeconds: number, limit: number) {
  return db
    .selectFrom('connection_tokens as t')
    .innerJoin('sources as s', 's.id', 't.source_id')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['t.id', 't.source_id', 't.team_id'])
    .where('t.refresh_token', 'is not', null)
    .where((eb) => eb('t.refresh_state', 'is', null).or('t.refresh_state', '<>', 'reauth_required'))
    .where((eb) =>
      eb.or([
        eb(
          't.expires_at',
          '<',
          sql<Date>`${now}::timestamptz + make_interval(secs => p.refresh_margin_seconds + ${aheadSeconds})`,
        ),
        eb.and([eb('t.expires_at', 'is', null), eb('t.updated_date', '<', new Date(now.getTime() - DAY_MS))]),
      ]),
    )
    .orderBy('t.expires_at')
    .limit(limit)
    .execute();
}

export function insertState(db: Executor, state: Insertable<ConnectionTables['connection_states']>) {
  return db.insertInto('connection_states').values(state).execute();
}

/** Takes a connect flow's state once: a second callback with it finds nothing. */
export function takeState(db: Executor, stateHash: string, now: Date) {
  return db
    .deleteFrom('connection_states')
    .where('state_hash', '=', stateHash)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export function deleteExpiredStates(db: Executor, now: Date) {
  return db.deleteFrom('connection_states').where('expires_at', '<=', now).execute();
}

/** A mapping by id, only within the team the caller proved. */
export function findSourceById(db: Executor, id: string, teamId: string) {
  return mappings(db).where('id', '=', id).where('team_id', '=', teamId).executeTakeFirst();
}
