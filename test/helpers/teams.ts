import { actorOf, userPrincipal } from '../../src/auth/principal.ts';
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
  const { token } = await createApiKey(t.ctx.db, actorOf(userPrincipal(user)), team.id, 'owner', {
    name: 'tests',
    role: options.role ?? 'owner',
  });
  return { team, user, token, password: 'correct horse battery staple' };
}

/** A user's browser session: the cookie, and the own origin that writes with it must show. */
export async function signInSession(t: TestApp, email: string, password: string) {
  const origin = new URL(t.config.publicUrl).origin;
  const response = await t.call({
    method: 'POST',
    url: '/api/v1/sessions',
    headers: { origin },
    payload: { email, password },
  });
  const cookie = response.cookies.find((entry) => entry.name === 'gatehouse_session');
  if (!cookie) throw new Error(`sign-in failed: ${response.body}`);
  return { cookies: { gatehouse_session: cookie.value }, headers: { origin } };
}

/** A new user who joined the team with `role` by accepting an invitation, signed in. */
export async function buildMember(t: TestApp, owner: { team: { id: string }; token: string }, role: Role) {
  counter += 1;
  const password = 'correct horse battery staple';
  const user = await createUser(t.ctx.db, { email: `member${counter}-${Date.now()}@example.test`, password });
  const invited = await t.call({
    method: 'POST',
    url: `/api/v1/teams/${owner.team.id}/invitations`,
    token: owner.token,
    payload: { email: user.email, role },
  });
  const session = await signInSession(t, user.email, password);
  const accepted = await t.call({
    method: 'POST',
    url: `/api/v1/invitations/${invited.json().$data.id}/accept`,
    ...session,
  });
  if (accepted.statusCode !== 200) throw new Error(`accepting failed: ${accepted.body}`);
  return { user, password, session };
}
