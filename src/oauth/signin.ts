import { keyEnabledIn } from '../auth/bindings.ts';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';

/**
 * The teams a user's token may reach through this key: teams the user belongs to where the key
 * is turned on, narrowed to the sign-in's own team when it names one.
 */
export async function userTeams(
  ctx: AppContext,
  key: KeyView,
  userId: string,
  teamId: string | null,
): Promise<Array<{ id: string; name: string }>> {
  const query = ctx.db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .select(['teams.id', 'teams.name'])
    .where('memberships.user_id', '=', userId)
    .orderBy('teams.name');
  const teams = await (teamId ? query.where('teams.id', '=', teamId) : query).execute();
  const enabled = await Promise.all(teams.map((team) => keyEnabledIn(ctx.db, key, team.id)));
  return teams.filter((_, index) => enabled[index]);
}
