/**
 * The one way to build test data. Factories go through the management API with the test client,
 * as a user would, so the data is what the product makes, typed and checked by the response schema
 * its route declares (see api.ts). The one exception is the platform administrator: no route makes
 * the first one, so it is made much as `gatehouse serve` makes it on first start.
 */
import { type Static, Type } from 'typebox';
import { Application } from '../../src/applications/schema.ts';
import { Integration } from '../../src/integrations/schema.ts';
import { Invitation } from '../../src/members/schema.ts';
import { PERMISSIONS, type PermissionName, permissionByName } from '../../src/permissions/catalog.ts';
import { Import } from '../../src/roster-import/schema.ts';
import { Source } from '../../src/sources/schema.ts';
import { ApiKey, Team, User, Uuid } from '../../src/teams/schema.ts';
import { createUser } from '../../src/teams/service.ts';
import { ensurePlatformTeam, findUserByEmail, upsertMembership } from '../../src/teams/store.ts';
import type { Role } from '../../src/teams/tables.ts';
import { request, type Session } from './api.ts';
import type { TestApp } from './app.ts';
import { generatedSet, zipFolder } from './sets.ts';

export const ALL_PERMISSIONS = PERMISSIONS.map((permission) => permission.id);
export const permissionIds = (...names: PermissionName[]) => names.map((name) => permissionByName(name).id);

const PASSWORD = 'correct horse battery staple';
const ADMIN = { email: 'platform-admin@example.test', password: PASSWORD };
let counter = 0;

/** A user's browser session: the cookie, and the own origin that writes with it must show. */
export async function signInSession(t: TestApp, email: string, password: string): Promise<Session> {
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

/**
 * The factories' platform administrator, owner of the platform team. Made by its email, not as
 * "the first administrator": a server started on the same database may have made its own.
 */
async function ensureAdmin(t: TestApp): Promise<void> {
  if (await findUserByEmail(t.ctx.db, ADMIN.email)) return;
  const user = await createUser(t.ctx.db, { ...ADMIN, name: 'Platform administrator', platformAdmin: true });
  await upsertMembership(t.ctx.db, { team_id: await ensurePlatformTeam(t.ctx.db), user_id: user.id, role: 'owner' });
}

/**
 * Signing in hashes a password, slowly on purpose: one administrator session per server, made
 * again after `reset()`. Calls queue behind each other, so factories run side by side make one.
 */
const adminSessions = new WeakMap<TestApp, Promise<Session>>();

function platformAdmin(t: TestApp): Promise<Session> {
  const previous = adminSessions.get(t)?.catch(() => undefined) ?? Promise.resolve(undefined);
  const next = previous.then(async (known) => {
    if (known && (await t.call({ method: 'GET', url: '/api/v1/me', ...known })).statusCode === 200) return known;
    await ensureAdmin(t);
    return signInSession(t, ADMIN.email, ADMIN.password);
  });
  adminSessions.set(t, next);
  return next;
}

export type UserFixture = { user: Static<typeof User>; password: string; session: Session };

/** A new user, made by the platform administrator, signed in. */
export async function buildUser(t: TestApp, prefix = 'user'): Promise<UserFixture> {
  counter += 1;
  const email = `${prefix}${counter}-${Date.now()}@example.test`;
  const user = await request(t, User, 'POST', '/api/v1/users', await platformAdmin(t), { email, password: PASSWORD });
  return { user, password: PASSWORD, session: await signInSession(t, email, PASSWORD) };
}

export type TeamFixture = UserFixture & { team: Static<typeof Team>; token: string };

/**
 * A user owning a fresh team, plus a team API key with `role` for calling the management API.
 * `kind` picks an organization (sources, integrations) or a developer team (applications).
 */
export async function buildTeam(
  t: TestApp,
  options: { role?: Role; kind?: 'organization' | 'developer'; name?: string } = {},
): Promise<TeamFixture> {
  const owner = await buildUser(t, 'owner');
  const team = await request(t, Team, 'POST', '/api/v1/teams', owner.session, {
    name: options.name ?? `Team ${counter}`,
    kind: options.kind ?? 'organization',
  });
  const key = await request(t, ApiKey, 'POST', `/api/v1/teams/${team.id}/api-keys`, owner.session, {
    name: 'tests',
    role: options.role ?? 'owner',
  });
  return { ...owner, team, token: key.token as string };
}

/** Another API key of the team, with `role`, made with the team's owner key. */
export async function buildApiKey(t: TestApp, owner: { team: { id: string }; token: string }, role: Role) {
  const url = `/api/v1/teams/${owner.team.id}/api-keys`;
  const key = await request(t, ApiKey, 'POST', url, owner.token, { name: role, role });
  return key.token as string;
}

/** A new user who joined the team with `role` by accepting an invitation, signed in. */
export async function buildMember(t: TestApp, owner: { team: { id: string }; token: string }, role: Role) {
  const member = await buildUser(t, 'member');
  const invitations = `/api/v1/teams/${owner.team.id}/invitations`;
  const body = { email: member.user.email, role };
  const invitation = await request(t, Invitation, 'POST', invitations, owner.token, body, 201);
  await request(t, Type.Unknown(), 'POST', `/api/v1/invitations/${invitation.id}/accept`, member.session);
  return member;
}

/** `GET /api/v1/me` declares no response schema: the part of its answer a platform fixture reads. */
const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  teams: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});

/** The platform team with an owner key: it sets the platform's bindings of global keys and adds providers. */
export async function buildPlatform(t: TestApp) {
  const session = await platformAdmin(t);
  const me = await request(t, Me, 'GET', '/api/v1/me', session);
  const team = me.teams.find((candidate) => candidate.name === 'Platform') as { id: string; name: string };
  const key = await request(t, ApiKey, 'POST', `/api/v1/teams/${team.id}/api-keys`, session, {
    name: 'platform',
    role: 'owner',
  });
  return { team, token: key.token as string, user: me, session };
}

export type OrganizationFixture = TeamFixture & { source: Static<typeof Source> };

/** An organization team with a OneRoster source. */
export async function buildOrganization(t: TestApp, options: { role?: Role } = {}): Promise<OrganizationFixture> {
  const owner = await buildTeam(t, { kind: 'organization', ...options });
  const source = await request(t, Source, 'POST', `/api/v1/teams/${owner.team.id}/sources`, owner.token, {
    name: 'District SIS',
    provider: 'oneroster',
  });
  return { ...owner, source };
}

/** A team owning a OneRoster source, with an owner API key for the management API. */
export async function buildSource(t: TestApp) {
  const { source, team, token } = await buildOrganization(t);
  return { sourceId: source.id, team, token };
}

/** Uploads a generated OneRoster export of `size` into the organization's source, as its administrator would. */
export async function importRoster(
  t: TestApp,
  organization: { source: { id: string }; token: string },
  size: Parameters<typeof generatedSet>[0] = { schools: 1, studentsPerSchool: 10 },
): Promise<Static<typeof Import>> {
  const url = `/api/v1/sources/${organization.source.id}/imports`;
  const caller = { token: organization.token, headers: { 'content-type': 'application/zip' } };
  return request(t, Import, 'POST', url, caller, await zipFolder(await generatedSet(size)));
}

export type RosterFixture = OrganizationFixture & { summary: Static<typeof Import> };

/** An organization whose source holds a small generated OneRoster export. */
export async function buildRoster(t: TestApp, size?: Parameters<typeof generatedSet>[0]): Promise<RosterFixture> {
  const organization = await buildOrganization(t);
  return { ...organization, summary: await importRoster(t, organization, size) };
}

export type DeveloperFixture = TeamFixture & { application: Static<typeof Application>; secret: string };

/** A developer team with an application requesting `requested` (every permission by default). */
export async function buildDeveloper(t: TestApp, requested: string[] = ALL_PERMISSIONS): Promise<DeveloperFixture> {
  const owner = await buildTeam(t, { kind: 'developer' });
  const application = await request(
    t,
    Application,
    'POST',
    `/api/v1/teams/${owner.team.id}/applications`,
    owner.token,
    {
      name: 'Reading Coach',
      redirect_uris: ['https://app.example.test/callback'],
      requested_permissions: requested,
    },
  );
  return { ...owner, application, secret: application.secret as string };
}

export type IntegrationFixture = {
  organization: OrganizationFixture;
  developer: DeveloperFixture;
  integration: Static<typeof Integration>;
  accessToken: string;
};

/** An organization, a developer and an integration between them; `body` overrides the grant. */
export async function buildIntegration(t: TestApp, body: Record<string, unknown> = {}): Promise<IntegrationFixture> {
  const organization = await buildOrganization(t);
  const developer = await buildDeveloper(t);
  const integrations = `/api/v1/teams/${organization.team.id}/integrations`;
  const integration = await request(t, Integration, 'POST', integrations, organization.token, {
    source_id: organization.source.id,
    application_id: developer.application.id,
    permissions: ALL_PERMISSIONS,
    scope: 'all',
    ...body,
  });
  const view = await request(t, Integration, 'GET', `/api/v1/integrations/${integration.id}`, developer.secret);
  return { organization, developer, integration, accessToken: view.access_token as string };
}

export type GrantOptions = { permissions?: PermissionName[]; scope?: 'all' | 'selected'; targets?: string[] };

/** The management API's body for a grant of `options`: every permission and the whole source by default. */
export const grantBody = (options: GrantOptions) => ({
  permissions: options.permissions ? permissionIds(...options.permissions) : ALL_PERMISSIONS,
  scope: options.scope ?? 'all',
  ...(options.targets ? { targets: options.targets } : {}),
});

export type GraphFixture = IntegrationFixture & { sourceId: string; token: string };

/** An organization with a source, a developer's application and an integration between them, with its access token. */
export async function buildGraph(t: TestApp, options: GrantOptions = {}): Promise<GraphFixture> {
  const setup = await buildIntegration(t, grantBody(options));
  return { ...setup, sourceId: setup.organization.source.id, token: setup.accessToken };
}
