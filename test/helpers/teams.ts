import { userPrincipal } from '../../src/auth/principal.ts';
import { createApiKey, createTeam, createUser } from '../../src/teams/service.ts';
import type { Role } from '../../src/teams/tables.ts';
import type { TestApp } from './app.ts';

let counter = 0;

/**
 * A user owning a fresh team, plus a team API key with `role` for calling the management API.
 * `kind` picks an organization (sources, integrations) or a developer team (applications).
 */
export async function buildTeam(
  t: TestApp,
  options: { role?: Role; kind?: 'organization' | 'developer'; name?: string } = {},
) {
  counter += 1;
  const user = await createUser(t.ctx.db, {
    email: `owner${counter}-${Date.now()}@example.test`,
    password: 'correct horse battery staple',
  });
  const team = await createTeam(t.ctx.db, userPrincipal(user), {
    name: options.name ?? `Team ${counter}`,
    kind: options.kind ?? 'organization',
  });
  const { token } = await createApiKey(t.ctx.db, team.id, 'owner', { name: 'tests', role: options.role ?? 'owner' });
  return { team, user, token, password: 'correct horse battery staple' };
}
