// One source's first import with N integrations of scope `all` on it, then the creation of one
// more, in a process of its own. Arguments: the code to measure (a checkout's root, so an earlier
// commit runs the very same steps), the CSV folder, a data directory, N. BENCH_DATABASE_URL picks
// PostgreSQL. Prints one JSON line on stdout.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type SharingReport = { importSeconds: number; createAllSeconds: number; createSelectedSeconds: number };

const [root, dir, dataDir, count] = process.argv.slice(2);
if (!root || !dir || !dataDir || count === undefined)
  throw new Error('usage: node bench/sharing-child.ts <code root> <csv folder> <data dir> <integrations>');
const code = (path: string) => import(pathToFileURL(join(root, 'src', path)).href);
const { loadConfig } = await code('config.ts');
const { startRuntime } = await code('runtime.ts');
const { createApplication } = await code('applications/service.ts');
const { actorOf, userPrincipal } = await code('auth/principal.ts');
const { createIntegration } = await code('integrations/service.ts');
const { PERMISSIONS } = await code('permissions/catalog.ts');
const { runImport } = await code('roster-import/service.ts');
const { createSource } = await code('sources/service.ts');
const { createTeam, createUser } = await code('teams/service.ts');

const config = loadConfig({
  LOG_LEVEL: 'silent',
  GATEHOUSE_DEMO: 'false',
  GATEHOUSE_DATA_DIR: dataDir,
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
});
const ctx = await startRuntime(config);
try {
  const user = await createUser(ctx.db, { email: 'bench@gatehouse.test', password: randomUUID() });
  const caller = userPrincipal(user);
  const organization = await createTeam(ctx.db, caller, { name: 'Benchmark district', kind: 'organization' });
  const developer = await createTeam(ctx.db, caller, { name: 'Benchmark developer', kind: 'developer' });
  const source = await createSource(ctx, caller, organization.id, { name: 'District SIS', provider: 'oneroster' });
  const permissions = PERMISSIONS.map((permission: { id: string }) => permission.id);
  const application = await createApplication(ctx.db, caller, developer.id, {
    name: 'Benchmark application',
    requested_permissions: permissions,
  });
  const grant = (body: object) =>
    createIntegration(ctx, actorOf(caller), organization.id, {
      source_id: source.id,
      application_id: application.id,
      permissions,
      ...body,
    });
  for (let index = 0; index < Number(count); index++) await grant({ scope: 'all' });
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  let state = '';
  const importSeconds = await timed(async () => {
    state = (await runImport(ctx, source.id, dir)).state;
  });
  if (state !== 'succeeded') throw new Error(`the import ended ${state}`);
  const createAllSeconds = await timed(() => grant({ scope: 'all' }));
  const school = await ctx.db.selectFrom('schools').select('id').where('source_id', '=', source.id).limit(1).execute();
  const createSelectedSeconds = await timed(() =>
    grant({ scope: 'selected', targets: school.map((row: { id: string }) => row.id) }),
  );
  const report: SharingReport = { importSeconds, createAllSeconds, createSelectedSeconds };
  console.log(JSON.stringify(report));
} finally {
  await ctx.stop();
}
