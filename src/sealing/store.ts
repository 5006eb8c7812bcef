import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';

/** Data keys, newest first. */
export function listKeys(db: Executor) {
  return db.selectFrom('sealing_keys').select(['id', 'wrapped', 'retired_at']).orderBy('created_at', 'desc').execute();
}

/** Adds a data key; a key of the same id (another process made it first) is left as it is. */
export function insertKey(db: Executor, key: { id: string; wrapped: string }) {
  return db
    .insertInto('sealing_keys')
    .values({ ...key, created_at: new Date() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function retireKeys(db: Executor) {
  return db.updateTable('sealing_keys').set({ retired_at: new Date() }).where('retired_at', 'is', null).execute();
}

export function deleteKeys(db: Executor, ids: string[]) {
  return db.deleteFrom('sealing_keys').where('id', 'in', ids).execute();
}

/** Every text column of the application's tables (the keys' own table aside). */
export async function textColumns(db: Executor) {
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and data_type = 'text' and table_name <> 'sealing_keys'
    order by table_name, column_name`.execute(db);
  return rows;
}

export async function holdsSealedValues(db: Executor, table: string, column: string): Promise<boolean> {
  const { rows } =
    await sql`select 1 from ${sql.table(table)} where ${sql.ref(column)} like 'sealed:v1:%' limit 1`.execute(db);
  return rows.length > 0;
}

/** The values of a column sealed under another key than `keyId`, with their row's address. */
export async function sealedElsewhere(db: Executor, table: string, column: string, keyId: string) {
  const { rows } = await sql<{ ctid: string; value: string }>`
    select ctid::text as ctid, ${sql.ref(column)} as value from ${sql.table(table)}
    where ${sql.ref(column)} like 'sealed:v1:%' and ${sql.ref(column)} not like ${`sealed:v1:${keyId}:%`}`.execute(db);
  return rows;
}

/** Compare-and-set on the old value: a concurrent update of the same secret wins. */
export function replaceSealed(
  db: Executor,
  table: string,
  column: string,
  row: { ctid: string; value: string },
  next: string,
) {
  return sql`update ${sql.table(table)} set ${sql.ref(column)} = ${next}
    where ctid = ${row.ctid}::tid and ${sql.ref(column)} = ${row.value}`.execute(db);
}
