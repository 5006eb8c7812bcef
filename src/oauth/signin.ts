import { keyEnabledIn } from '../auth/bindings.ts';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { teamsOfUser } from '../teams/store.ts';

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
  const teams = (await teamsOfUser(ctx.db, userId))
    .filter((team) => teamId === null || team.id === teamId)
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const enabled = await Promise.all(teams.map((team) => keyEnabledIn(ctx.db, key, team.id)));
  return teams.filter((_, index) => enabled[index]);
}
