import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../applications/service.ts';
import { actorOf, type PrincipalOf, userPrincipal } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import { setBinding } from '../developer-keys/service.ts';
import { findKey } from '../developer-keys/store.ts';
import { createIntegration, openAccessToken } from '../integrations/service.ts';
import { findIntegration } from '../integrations/store.ts';
import { PERMISSIONS } from '../permissions/catalog.ts';
import { runImport } from '../roster-import/service.ts';
import { createSource } from '../sources/service.ts';
import { updateSource } from '../sources/store.ts';
import { anyTeamBesidesPlatform, findPlatformAdmin, insertTeam, upsertMembership } from '../teams/store.ts';
import { generateOneRoster, PRESETS } from './generator.ts';

const DISTRICT = 'Maple Valley School District';

export type DemoSeed = {
  integrationId: string;
  applicationId: string;
  districtId: string;
  accessToken: string;
  people: number;
};

/** A first start: no organization or developer team exists yet. */
async function isFirstStart(ctx: AppContext): Promise<boolean> {
  return !(await anyTeamBesidesPlatform(ctx.db));
}

/** A team the platform administrator owns. */
async function ownedTeam(
  ctx: AppContext,
  admin: PrincipalOf<'user'>,
  name: string,
  kind: 'organization' | 'developer',
) {
  const team = await insertTeam(ctx.db, { id: randomUUID(), name, kind });
  await upsertMembership(ctx.db, { team_id: team.id, user_id: admin.id, role: 'owner' });
  return team;
}

/**
 * Loads a small generated district into a demo source, registers a demo application and grants
 * it the whole source, so a newcomer has data to call the Graph API on. Does nothing but on a
 * first start. The data comes from the project's own seeded generator.
 */
export async function seedDemo(ctx: AppContext): Promise<DemoSeed | undefined> {
  if (!(await isFirstStart(ctx))) return undefined;
  const user = await findPlatformAdmin(ctx.db);
  if (!user) throw new Error('the demo needs the platform administrator of first start');
  const admin = userPrincipal(user);
  const district = await ownedTeam(ctx, admin, DISTRICT, 'organization');
  const source = await createSource(ctx, admin, district.id, { name: `${DISTRICT} SIS`, provider: 'oneroster' });
  // Its people are generated, so the demo person picker may offer them, and only them.
  await updateSource(ctx.db, source.id, { demo: true });
  const folder = await mkdtemp(join(tmpdir(), 'gatehouse-demo-'));
  let people: number | undefined;
  try {
    await generateOneRoster(folder, { seed: 'gatehouse-demo', ...PRESETS.demo, districtName: DISTRICT });
    const imported = await runImport(ctx, source.id, folder);
    if (imported.state !== 'succeeded') throw new Error(`the demo import failed: ${JSON.stringify(imported.errors)}`);
    people = imported.changes.people?.created;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const developers = await ownedTeam(ctx, admin, 'Demo Developer', 'developer');
  const everything = PERMISSIONS.map((permission) => permission.id);
  const { application } = await createApplication(ctx.db, admin, developers.id, {
    name: 'Demo App',
    description: 'An application to try the Graph and User APIs with.',
    redirect_uris: ['http://localhost:3000/callback'],
    requested_permissions: everything,
  });
  // Like every new key, the application's starts off; the platform allows it and the district
  // turns it on, so the demo's sign-in works from the first start.
  const key = await findKey(ctx.db, application.id);
  await setBinding(ctx.db, admin, key!, null, 'allow', 'owner');
  await setBinding(ctx.db, admin, key!, district.id, 'on', 'owner');
  const integration = await createIntegration(ctx, actorOf(admin), district.id, {
    source_id: source.id,
    application_id: application.id,
    permissions: everything,
    scope: 'all',
  });
  const row = await findIntegration(ctx.db, integration.id);
  return {
    integrationId: integration.id,
    applicationId: application.id,
    districtId: district.id,
    accessToken: (await openAccessToken(ctx, row!))!,
    people: people ?? 0,
  };
}

/** What the server prints after seeding: a command to paste. */
export function demoInstructions(publicUrl: string, seed: DemoSeed): string {
  return [
    `Loaded the demo district (${seed.people} people) and granted it to "Demo App" ` +
      `(integration ${seed.integrationId}). Try:`,
    `  curl -H 'Authorization: Bearer ${seed.accessToken}' '${publicUrl}/api/v2/graph/people?$first=5'`,
  ].join('\n');
}

/** What the server says first in demo mode: anyone may sign in as a person of the demo district. */
export function demoNotice(config: Pick<Config, 'demoByDefault'>): string {
  const why = config.demoByDefault ? 'the default of the embedded database' : 'GATEHOUSE_DEMO=true';
  return (
    `Demo mode is on (${why}): people of the demo district sign in by picking who they are. ` +
    'Set GATEHOUSE_DEMO=false to turn it off.'
  );
}
