import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { BindingChain } from './bindings.ts';
import type { BindingState, DeveloperKeyTables } from './tables.ts';

type Keys = DeveloperKeyTables['developer_keys'];

/** A key with what falls back to its application: name, icon, redirect URIs, team and secret. */
function keys(db: Executor) {
  return db
    .selectFrom('developer_keys')
    .innerJoin('applications', 'applications.id', 'developer_keys.application_id')
    .selectAll('developer_keys')
    .select([
      'applications.team_id as application_team_id',
      'applications.name as application_name',
      'applications.icon_url as application_icon_url',
      'applications.redirect_uris as application_redirect_uris',
      'applications.secret_hash as application_secret_hash',
    ]);
}

export type KeyView = NonNullable<Awaited<ReturnType<typeof findKey>>>;

export function findKey(db: Executor, id: string) {
  return keys(db).where('developer_keys.id', '=', id).executeTakeFirst();
}

/** Keys a team manages: its own, and the global keys of its applications. Deleted keys are left out. */
export function listTeamKeys(db: Executor, teamId: string, paging: Paging) {
  const query = keys(db)
    .where('developer_keys.state', '<>', 'deleted')
    .where((eb) =>
      eb.or([
        eb('developer_keys.team_id', '=', teamId),
        eb.and([eb('developer_keys.team_id', 'is', null), eb('applications.team_id', '=', teamId)]),
      ]),
    );
  return pageBy(query, 'developer_keys.id', paging).execute();
}

/** Global keys a team may turn on for itself (Canvas's "inherited" keys): those the platform has not turned off. */
export function listGlobalKeys(db: Executor, paging: Paging) {
  const query = keys(db)
    .leftJoin('developer_key_bindings as platform', (join) =>
      join.onRef('platform.developer_key_id', '=', 'developer_keys.id').on('platform.team_id', 'is', null),
    )
    .where('developer_keys.state', '<>', 'deleted')
    .where('developer_keys.team_id', 'is', null)
    .where((eb) => eb.or([eb('platform.state', 'is', null), eb('platform.state', '<>', 'off')]));
  return pageBy(query, 'developer_keys.id', paging).execute();
}

export async function insertKey(db: Executor, key: Insertable<Keys>) {
  await db.insertInto('developer_keys').values(key).execute();
  return (await findKey(db, key.id)) as KeyView;
}

export async function updateKey(db: Executor, id: string, changes: Updateable<Keys>) {
  await db
    .updateTable('developer_keys')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .execute();
  return (await findKey(db, id)) as KeyView;
}

export type BindingRow = Selectable<DeveloperKeyTables['developer_key_bindings']>;

/** The platform's and one team's binding of a key. */
export async function bindingChain(db: Executor, keyId: string, teamId: string): Promise<BindingChain<BindingRow>> {
  const rows = await db
    .selectFrom('developer_key_bindings')
    .selectAll()
    .where('developer_key_id', '=', keyId)
    .where((eb) => eb.or([eb('team_id', 'is', null), eb('team_id', '=', teamId)]))
    .execute();
  return { platform: rows.find((row) => row.team_id === null), team: rows.find((row) => row.team_id === teamId) };
}

export function findBinding(db: Executor, keyId: string, teamId: string | null) {
  const query = db.selectFrom('developer_key_bindings').selectAll().where('developer_key_id', '=', keyId);
  return (
    teamId === null ? query.where('team_id', 'is', null) : query.where('team_id', '=', teamId)
  ).executeTakeFirst();
}

export function insertBinding(
  db: Executor,
  binding: { id: string; developer_key_id: string; team_id: string | null; state: BindingState },
) {
  return db.insertInto('developer_key_bindings').values(binding).returningAll().executeTakeFirstOrThrow();
}

export function updateBinding(db: Executor, id: string, state: BindingState) {
  return db
    .updateTable('developer_key_bindings')
    .set({ state, updated_date: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Ends every grant of a key: its access and refresh tokens stop working. */
export function revokeKeyGrants(db: Executor, keyId: string) {
  return db
    .updateTable('oauth_grants')
    .set({ revoked_date: new Date() })
    .where('developer_key_id', '=', keyId)
    .where('revoked_date', 'is', null)
    .execute();
}

/**
 * Whether a global key is turned on in at least one team: by the platform for all, or by some
 * team under the platform's `allow`.
 */
export async function onInSomeTeam(db: Executor, keyId: string): Promise<boolean> {
  const rows = await db
    .selectFrom('developer_key_bindings')
    .select(['team_id', 'state'])
    .where('developer_key_id', '=', keyId)
    .execute();
  const platform = rows.find((row) => row.team_id === null)?.state;
  if (platform === 'on' || platform === 'off') return platform === 'on';
  return rows.some((row) => row.team_id !== null && row.state === 'on');
}
