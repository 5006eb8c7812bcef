import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createApplication } from '../src/applications/service.ts';
import { actorOf, userPrincipal } from '../src/auth/principal.ts';
import type { AppContext } from '../src/context.ts';
import { reachOf } from '../src/graph/viewer.ts';
import { createIntegration, TOKEN_CONTEXT } from '../src/integrations/service.ts';
import { PERMISSIONS } from '../src/permissions/catalog.ts';
import { runImport } from '../src/roster-import/service.ts';
import { createSource } from '../src/sources/service.ts';
import { createTeam, createUser } from '../src/teams/service.ts';

// A few of the district's schools, as an administrator granting one program would pick them.
const TARGET_SCHOOLS = 3;
export const SHARED_PEOPLE = 'bench_shared_people';

/** What the benchmark reads the graph as, and what it reads. */
export type District = {
  token: string;
  /** The integration's gate mask: the baseline presents people with the same one. */
  gates: number;
  targets: number;
  personId: string;
  sharedPeople: number;
  importSeconds: number;
};

/**
 * The generated district imported into a new source and shared through a `selected` integration
 * of a few schools with every permission, created by the services the management API calls.
 */
export async function setUpDistrict(ctx: AppContext, dir: string): Promise<District> {
  const user = await createUser(ctx.db, { email: 'bench@gatehouse.test', password: randomUUID() });
  const caller = userPrincipal(user);
  const organization = await createTeam(ctx.db, caller, { name: 'Benchmark district', kind: 'organization' });
  const developer = await createTeam(ctx.db, caller, { name: 'Benchmark developer', kind: 'developer' });
  const source = await createSource(ctx, caller, organization.id, { name: 'District SIS', provider: 'oneroster' });
  const importSeconds = await importDistrict(ctx, source.id, dir);
  const permissions = PERMISSIONS.map((permission) => permission.id);
  const { application } = await createApplication(ctx.db, caller, developer.id, {
    name: 'Benchmark application',
    requested_permissions: permissions,
  });
  const schools = await ctx.db
    .selectFrom('schools')
    .select('id')
    .where('source_id', '=', source.id)
    .orderBy('sourced_id')
    .limit(TARGET_SCHOOLS)
    .execute();
  const integration = await createIntegration(ctx, actorOf(caller), organization.id, {
    source_id: source.id,
    application_id: application.id,
    permissions,
    scope: 'selected',
    targets: schools.map((school) => school.id),
  });
  const sealed = await ctx.db
    .selectFrom('integrations')
    .select(['token_sealed', 'view_id'])
    .where('id', '=', integration.id)
    .executeTakeFirstOrThrow();
  const viewId = sealed.view_id ?? '';
  const shared = await ctx.db
    .selectFrom('view_records')
    .select('record_id')
    .where('view_id', '=', viewId)
    .where('kind', '=', 'people')
    .orderBy('record_id')
    .execute();
  await copySharedPeople(ctx, viewId);
  // What autovacuum keeps on a running PostgreSQL: statistics (the planner picks other plans with
  // them) and visibility maps (index-only scans). Measuring the state right after an import
  // would depend on whether autovacuum had come by yet.
  await sql`vacuum analyze`.execute(ctx.db);
  // The middle of the view by id: a person deep inside the index, not the first row a scan meets.
  const middle = shared[Math.floor(shared.length / 2)];
  if (!middle) throw new Error('the integration shares no people');
  return {
    token: await ctx.keyring.open(sealed.token_sealed, TOKEN_CONTEXT),
    gates: reachOf(permissions).gates,
    targets: schools.length,
    personId: middle.record_id,
    sharedPeople: shared.length,
    importSeconds,
  };
}

/**
 * The baseline's table: the people rows of the integration's view, copied once, with the people
 * table's columns and indexes. Reading it gives the Graph API's very rows without its sharing
 * check; the whole people table would give other rows, and a filter there would scan every
 * school's people rather than the targets'.
 */
async function copySharedPeople(ctx: AppContext, viewId: string): Promise<void> {
  await sql`create table ${sql.table(SHARED_PEOPLE)} (like people including all)`.execute(ctx.db);
  await sql`insert into ${sql.table(SHARED_PEOPLE)} select p.* from people p
    join view_records v on v.record_id = p.id and v.view_id = ${viewId} and v.kind = 'people'`.execute(ctx.db);
}

async function importDistrict(ctx: AppContext, sourceId: string, dir: string): Promise<number> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const heartbeat = setInterval(() => console.error(`importing… ${elapsed().toFixed(0)} s`), 10_000);
  try {
    const result = await runImport(ctx, sourceId, dir);
    if (result.state !== 'succeeded')
      throw new Error(`the import ended ${result.state}: ${JSON.stringify(result.errors)}`);
    return elapsed();
  } finally {
    clearInterval(heartbeat);
  }
}
