import type { Executor } from '../db/connection.ts';

/** What the operator's listings show, across every team: the command line has no tenant. */

export function allTeams(db: Executor) {
  return db
    .selectFrom('teams')
    .leftJoin('memberships', 'memberships.team_id', 'teams.id')
    .select(['teams.id', 'teams.kind', 'teams.name'])
    .select((eb) => eb.fn.count<number>('memberships.user_id').as('members'))
    .groupBy(['teams.id', 'teams.kind', 'teams.name'])
    .orderBy('teams.created_date')
    .execute();
}

export function allSources(db: Executor, teamId: string | undefined) {
  let query = db
    .selectFrom('sources')
    .innerJoin('providers', 'providers.id', 'sources.provider_id')
    .innerJoin('teams', 'teams.id', 'sources.team_id')
    .select(['sources.id', 'sources.name', 'sources.state', 'providers.name as provider', 'teams.name as team']);
  if (teamId) query = query.where('sources.team_id', '=', teamId);
  return query.orderBy('sources.created_date').execute();
}

export function importsOf(db: Executor, sourceId: string) {
  return db.selectFrom('imports').selectAll().where('source_id', '=', sourceId).orderBy('id').execute();
}

/** Sets a user's password and ends their sessions; false when no user has the email. */
export async function setPassword(db: Executor, email: string, passwordHash: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const user = await tx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .returning('id')
      .executeTakeFirst();
    if (!user) return false;
    await tx.deleteFrom('user_sessions').where('user_id', '=', user.id).execute();
    return true;
  });
}
