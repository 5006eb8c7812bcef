import type { AppContext } from '../context.ts';
import { keyEnabledIn } from '../developer-keys/service.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { verifyPassword } from '../lib/tokens.ts';
import { findUserByEmail } from '../teams/store.ts';

/** Spent on an unknown email so it takes as long as a wrong password. */
const NO_SUCH_USER = 'scrypt$16384$8$1$c2lnbi1pbi10aW1pbmc$c2lnbi1pbi10aW1pbmctcGFkZGluZy1jb25zdGFudA';

/** A Gatehouse user by email and password, or undefined; both failures take the same time. */
export async function checkPassword(ctx: AppContext, email: string, password: string) {
  const user = await findUserByEmail(ctx.db, email);
  const valid = await verifyPassword(password, user?.password_hash ?? NO_SUCH_USER);
  return user && valid ? user : undefined;
}

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
