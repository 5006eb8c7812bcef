import assert from 'node:assert/strict';
import { PERMISSIONS, type PermissionName, permissionByName } from '../../src/permissions/catalog.ts';
import type { TestApp } from './app.ts';
import { buildTeam } from './teams.ts';

export const ALL_PERMISSIONS = PERMISSIONS.map((permission) => permission.id);
export const permissionIds = (...names: PermissionName[]) => names.map((name) => permissionByName(name).id);

/** Calls the management API and insists on success, handing back `$data`. */
export async function ok(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  token: string,
  payload?: object,
) {
  const response = await t.call({ method, url, token, ...(payload ? { payload } : {}) });
  assert.equal(response.statusCode, 200, `${method} ${url}: ${response.body}`);
  return response.json().$data;
}

/** An organization team with a OneRoster source. */
export async function buildOrganization(
  t: TestApp,
  options: { role?: 'owner' | 'admin' | 'developer' | 'viewer' } = {},
) {
  const owner = await buildTeam(t, { kind: 'organization', ...options });
  const source = await ok(t, 'POST', `/api/v1/teams/${owner.team.id}/sources`, owner.token, {
    name: 'District SIS',
    provider: 'oneroster',
  });
  return { ...owner, source };
}

/** A developer team with an application requesting `requested` (every permission by default). */
export async function buildDeveloper(t: TestApp, requested: string[] = ALL_PERMISSIONS) {
  const owner = await buildTeam(t, { kind: 'developer' });
  const application = await ok(t, 'POST', `/api/v1/teams/${owner.team.id}/applications`, owner.token, {
    name: 'Reading Coach',
    redirect_uris: ['https://app.example.test/callback'],
    requested_permissions: requested,
  });
  return { ...owner, application, secret: application.secret as string };
}

/** An organization, a developer and an integration between them; `body` overrides the grant. */
export async function buildIntegration(t: TestApp, body: Record<string, unknown> = {}) {
  const organization = await buildOrganization(t);
  const developer = await buildDeveloper(t);
  const integration = await ok(t, 'POST', `/api/v1/teams/${organization.team.id}/integrations`, organization.token, {
    source_id: organization.source.id,
    application_id: developer.application.id,
    permissions: ALL_PERMISSIONS,
    scope: 'all',
    ...body,
  });
  const developerView = await ok(t, 'GET', `/api/v1/integrations/${integration.id}`, developer.secret);
  return { organization, developer, integration, accessToken: developerView.access_token as string };
}
