import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateTo } from '../../src/db/migrate.ts';
import { providerId } from '../../src/providers/catalog.ts';
import { freshDatabaseUrl, randomUUID } from '../helpers/app.ts';

test('an upgrade finding two sources of one provider in a team stops, names them, and changes nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-upgrade-'));
  const database = await freshDatabaseUrl();
  const opened = await openDatabase({ url: database.url, dataDir });
  // The database as the earlier release left it, not as today's types describe it.
  const db = opened.db as unknown as Kysely<any>;
  try {
    await migrateTo(db, '0021_text_filter_indexes');
    const team = randomUUID();
    const provider = providerId('oneroster');
    await db.insertInto('providers').values({ id: provider, name: 'oneroster', title: 'OneRoster' }).execute();
    await db.insertInto('teams').values({ id: team, name: 'District', kind: 'organization' }).execute();
    for (const name of ['North SIS', 'South SIS'])
      await db.insertInto('sources').values({ id: randomUUID(), team_id: team, provider_id: provider, name }).execute();
    await assert.rejects(
      migrateTo(db, '0030_connections'),
      new RegExp(`team ${team}: oneroster sources .*North SIS.*South SIS.*delete the extra sources`),
    );
    const sources = await db.selectFrom('sources').select('name').orderBy('name').execute();
    assert.deepEqual(
      sources.map((row: { name: string }) => row.name),
      ['North SIS', 'South SIS'],
    );
    const columns = await db.selectFrom('providers').selectAll().executeTakeFirstOrThrow();
    assert.equal('auth_mode' in columns, false, 'the migration changed nothing');
  } finally {
    await opened.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
