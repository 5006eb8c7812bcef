import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { v7 } from 'uuid';
import { issueToken } from '../../src/auth/tokens.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateTo } from '../../src/db/migrate.ts';
import { recordId } from '../../src/graph/ids.ts';
import { MODELS } from '../../src/graph/models/index.ts';
import { gateConstants, present } from '../../src/graph/store/presenters.ts';
import { sharedRecords } from '../../src/graph/store/visibility.ts';
import { GRAPH_KINDS, type GraphKind } from '../../src/graph/tables.ts';
import { KIND_PERMISSION, reachOf } from '../../src/graph/viewer.ts';
import { type PermissionName, permissionByName } from '../../src/permissions/catalog.ts';
import { providerId } from '../../src/providers/catalog.ts';
import { createTestApp, freshDatabaseUrl, randomUUID, type TestApp } from '../helpers/app.ts';
import { graphAll } from '../helpers/graph.ts';
import { ALL_PERMISSIONS } from '../helpers/integrations.ts';

/** The last schema before shared views: every integration's view and feed materialised apart. */
const BEFORE = '0018_signing_key_rotation';

type Grant = { scope: 'all' | 'selected'; targets: string[]; permissions: string[] };
type Old = { id: string; token: string; grant: Grant };

const SOURCE = randomUUID();
const id = (kind: GraphKind, sourced: string) => recordId(SOURCE, kind, sourced);
const ids = (...names: PermissionName[]) => names.map((name) => permissionByName(name).id);

/** Two schools, each with a course, a class and its section, a student enrolled, a guardian; a session. */
function graphRows(): Array<{ kind: GraphKind; sourced: string; values: Record<string, unknown> }> {
  return [
    { kind: 'districts', sourced: 'd', values: { name: 'District' } },
    { kind: 'sessions', sourced: 't', values: { name: 'Year' } },
    ...['a', 'b'].flatMap((school) => [
      { kind: 'schools' as const, sourced: school, values: { name: `School ${school}` } },
      {
        kind: 'courses' as const,
        sourced: `k${school}`,
        values: { name: `Course ${school}`, school_id: id('schools', school) },
      },
      {
        kind: 'classes' as const,
        sourced: `c${school}`,
        values: {
          name: `Class ${school}`,
          school_id: id('schools', school),
          course_id: id('courses', `k${school}`),
          session_ids: [id('sessions', 't')],
        },
      },
      {
        kind: 'sections' as const,
        sourced: `s${school}`,
        values: { name: `Section ${school}`, class_id: id('classes', `c${school}`) },
      },
      {
        kind: 'people' as const,
        sourced: `p${school}`,
        values: {
          first_name: `Student ${school}`,
          email: `${school}@example.test`,
          school_ids: [id('schools', school)],
        },
      },
      {
        kind: 'people' as const,
        sourced: `g${school}`,
        values: { first_name: `Guardian ${school}`, email: `g${school}@example.test` },
      },
      {
        kind: 'enrollments' as const,
        sourced: `e${school}`,
        values: { role: 'student', person_id: id('people', `p${school}`), class_id: id('classes', `c${school}`) },
      },
      {
        kind: 'agents' as const,
        sourced: `ag${school}`,
        values: { observer_id: id('people', `g${school}`), target_id: id('people', `p${school}`) },
      },
    ]),
  ];
}

/**
 * What the server before shared views wrote: the team, source,
 * application, and each integration with its view and feed.
 */
async function populate(db: Kysely<any>, grants: Grant[]): Promise<Old[]> {
  // The provider as the schema of then holds it; the server brings it up to date when it starts.
  await db
    .insertInto('providers')
    .values({ id: providerId('oneroster'), name: 'oneroster', title: 'OneRoster' })
    .execute();
  const [organization, developer] = [randomUUID(), randomUUID()];
  for (const [team, kind] of [
    [organization, 'organization'],
    [developer, 'developer'],
  ])
    await db
      .insertInto('teams')
      .values({ id: team, name: `Team ${kind}`, kind })
      .execute();
  await db
    .insertInto('sources')
    .values({ id: SOURCE, team_id: organization, provider_id: providerId('oneroster'), name: 'SIS' })
    .execute();
  const application = randomUUID();
  await db
    .insertInto('applications')
    .values({
      id: application,
      team_id: developer,
      name: 'App',
      requested_permissions: JSON.stringify(ALL_PERMISSIONS),
      secret_hash: randomUUID(),
      secret_hint: 'x',
    })
    .execute();
  for (const { kind, sourced, values } of graphRows()) {
    const record = { id: id(kind, sourced), source_id: SOURCE, sourced_id: sourced, ...values };
    await sql`insert into ${sql.table(kind)} (${sql.join(Object.keys(record).map((column) => sql.ref(column)))}, hash)
      values (${sql.join(Object.values(record))}, md5(${JSON.stringify(record)}))`.execute(db);
  }
  const olds: Old[] = [];
  for (const grant of grants) {
    const integration = randomUUID();
    const { token, hash } = issueToken('integrationToken');
    await db
      .insertInto('integrations')
      .values({
        id: integration,
        team_id: organization,
        source_id: SOURCE,
        application_id: application,
        scope: grant.scope,
        status: 'active',
        permissions: JSON.stringify(grant.permissions),
        targets: JSON.stringify(grant.targets),
        token_hash: hash,
        token_sealed: 'sealed',
      })
      .execute();
    const { permissions, gates } = reachOf(grant.permissions);
    for (const kind of GRAPH_KINDS) {
      if (!permissions.has(KIND_PERMISSION[kind])) continue;
      const mask = kind === 'people' ? gates : 0;
      await sql`insert into integration_records (integration_id, kind, record_id, hash, gates)
        select ${integration}, ${kind}, w.id, w.hash, ${mask}
        from (${sharedRecords(kind, { sourceId: SOURCE, ...grant })}) w`.execute(db);
      // The feed as the old server wrote it: a created event per shared record, presented as the integration saw it.
      const { rows } = await sql<{
        id: string;
        data: unknown;
      }>`select r.id, ${present(MODELS[kind], gateConstants(mask))} as data
        from integration_records v join ${sql.table(kind)} r on r.id = v.record_id
        where v.integration_id = ${integration} and v.kind = ${kind} order by r.id`.execute(db);
      for (const row of rows)
        await db
          .insertInto('events')
          .values({
            id: v7(),
            integration_id: integration,
            type: 'created',
            target: MODELS[kind].target,
            target_id: row.id,
            data: JSON.stringify(row.data),
          })
          .execute();
    }
    olds.push({ id: integration, token, grant });
  }
  return olds;
}

type Seen = { view: Record<string, string[]>; feed: unknown[] };

/** Each integration's view and feed, read from the old tables. */
async function seenBefore(db: Kysely<any>, integration: string): Promise<Seen> {
  const view: Record<string, string[]> = {};
  const records = await db
    .selectFrom('integration_records')
    .select(['kind', 'record_id'])
    .where('integration_id', '=', integration)
    .orderBy('record_id')
    .execute();
  for (const row of records) view[row.kind] = [...(view[row.kind] ?? []), row.record_id];
  const { rows } = await sql<{ event: unknown }>`select json_build_object('id', id,
      'date', to_char(date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'type', type, 'target', target,
      'target_id', target_id, 'integration_id', integration_id, 'materialization_id', null, 'data', data) as event
    from events where integration_id = ${integration} order by id`.execute(db);
  return { view, feed: rows.map((row) => row.event) };
}

/** The same through the Graph API of the migrated server. */
async function seenAfter(t: TestApp, old: Old): Promise<Seen> {
  const { permissions } = reachOf(old.grant.permissions);
  const view: Record<string, string[]> = {};
  for (const kind of GRAPH_KINDS) {
    if (!permissions.has(KIND_PERMISSION[kind])) continue;
    const records = await graphAll(t, old.token, `/${kind}?$first=1000`);
    if (records.length > 0) view[kind] = records.map((record) => record.id as string).sort();
  }
  return { view, feed: await graphAll(t, old.token, '/events?$first=1000') };
}

describe('migrating to shared views', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-migration-'));
  let database: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let t: TestApp;
  let olds: Old[];
  const seenFirst = new Map<string, Seen>();

  before(async () => {
    database = await freshDatabaseUrl();
    const opened = await openDatabase({ url: database.url, dataDir });
    await migrateTo(opened.db, BEFORE);
    olds = await populate(opened.db, [
      { scope: 'all', targets: [], permissions: ALL_PERMISSIONS },
      { scope: 'all', targets: [], permissions: ids('organizations:read', 'people:read', 'events:read') },
      { scope: 'selected', targets: [id('schools', 'a')], permissions: ALL_PERMISSIONS },
      {
        scope: 'selected',
        targets: [id('schools', 'a')],
        permissions: ids('organizations:read', 'people:read', 'events:read'),
      },
      { scope: 'selected', targets: [id('classes', 'cb'), id('courses', 'ka')], permissions: ALL_PERMISSIONS },
    ]);
    for (const old of olds) seenFirst.set(old.id, await seenBefore(opened.db, old.id));
    await opened.close();
    const env: Record<string, string> = database.url ? { DATABASE_URL: database.url } : { GATEHOUSE_DATA_DIR: dataDir };
    t = await createTestApp({ env, persistent: true });
  });
  after(async () => {
    await t.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every integration sees the same records and the same feed as before', async () => {
    for (const old of olds) {
      const seen = seenFirst.get(old.id) as Seen;
      assert.ok(seen.feed.length > 0);
      assert.deepEqual(await seenAfter(t, old), seen, `${old.grant.scope} ${old.grant.targets.join()}`);
    }
  });

  test('integrations with the same targets share one view; those of scope all read their source', async () => {
    const rows = await t.ctx.db.selectFrom('integrations').select(['scope', 'view_id']).execute();
    assert.deepEqual(
      rows.filter((row) => row.scope === 'all').map((row) => row.view_id),
      [null, null],
    );
    const views = new Set(rows.filter((row) => row.scope === 'selected').map((row) => row.view_id));
    assert.equal(views.size, 2);
    assert.ok(!views.has(null));
  });
});
