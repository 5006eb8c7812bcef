import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { startRuntime } from '../../src/runtime.ts';

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext & { stop(): Promise<void> };
  config: Config;
  /** The settings the server runs with, for a command-line process on the same database. */
  env: Record<string, string>;
  /** Fastify inject with JSON parsed; `token` becomes a Bearer header. */
  call(
    options: InjectOptions & { token?: string },
  ): Promise<LightMyRequestResponse & { body: string; json: () => any }>;
  /**
   * Empties every application table (not migrations, job tables,
   * sealing keys or the provider catalog), keeping the server.
   */
  reset(): Promise<void>;
  /** Stops the server, keeping its database (with `persistent`, also the embedded one). */
  stop(): Promise<void>;
  /** Starts the server again; `workers` overrides whether it runs the job workers this time. */
  start(options?: { workers?: boolean }): Promise<void>;
  close(): Promise<void>;
};

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** A fresh PostgreSQL database per caller, dropped on close; the embedded engine in memory otherwise. */
export async function freshDatabaseUrl(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: undefined, drop: async () => {} };
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * Builds the app on a fresh database (one per test file; call `reset()` between tests) and
 * hands back an inject client. `env` overrides settings; `workers` runs the job workers;
 * `persistent` keeps the embedded database on disk so `stop()`/`start()` can restart the server
 * on the same data, with `env` telling a command-line process how to reach it.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; workers?: boolean; persistent?: boolean } = {},
): Promise<TestApp> {
  const database = await freshDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const env = {
    LOG_LEVEL: 'silent',
    GATEHOUSE_DEMO: 'false',
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_PUBLIC_URL: 'http://gatehouse.test',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const boot = async (workers = options.workers ?? false) => {
    const runtime = await startRuntime(config, { workers, inMemory: !options.persistent });
    const app = await buildApp(runtime);
    await app.ready();
    return { app, ctx: runtime };
  };
  const testApp: TestApp = {
    ...(await boot()),
    config,
    env,
    async call(request) {
      const { token, ...rest } = request;
      const headers = { ...(rest.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const response = await testApp.app.inject({ ...rest, headers });
      return Object.assign(response, { json: () => JSON.parse(response.body) });
    },
    async reset() {
      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
          and table_name not in ('kysely_migration', 'kysely_migration_lock', 'sealing_keys', 'providers')`.execute(
        testApp.ctx.db,
      );
      if (tables.rows.length > 0)
        await sql
          .raw(`truncate ${tables.rows.map((table) => `"${table.name}"`).join(', ')} cascade`)
          .execute(testApp.ctx.db);
    },
    async stop() {
      await testApp.app.close();
      await testApp.ctx.stop();
    },
    async start(restart = {}) {
      Object.assign(testApp, await boot(restart.workers));
    },
    async close() {
      await testApp.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return testApp;
}

export { randomUUID };

/** Starts the test server on a free loopback port, for real clients; answers its base URL. */
export async function listenOnLoopback(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}
