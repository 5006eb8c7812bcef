import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';

const DIRECTORY = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Migrations are forward-only files `NNNN_name.ts` in `src/db/migrations`, applied in name order. */
function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: {
      async getMigrations() {
        const migrations: Record<string, Migration> = {};
        for (const file of readdirSync(DIRECTORY)
          .filter((name) => /^\d{4}_.+\.ts$/.test(name))
          .sort()) {
          migrations[file.replace(/\.ts$/, '')] = (await import(
            pathToFileURL(`${DIRECTORY}${file}`).href
          )) as Migration;
        }
        return migrations;
      },
    },
  });
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((migration) => !migration.executedAt).map((migration) => migration.name);
}

/** Runs DDL statements one by one (the embedded engine takes one statement per query). */
export async function runStatements(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Applies the migrations up to and including `name`: a database of an earlier release, as an upgrade finds it. */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** A statement that needs nothing but a working connection. */
export async function ping(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}
