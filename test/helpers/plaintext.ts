import { sql } from 'kysely';
import type { Executor } from '../../src/db/connection.ts';

/**
 * Every place a secret appears in plain text: each text, varchar and json column of every table
 * of the application's schema (and of the job queue's), searched for each secret.
 */
export async function findPlaintext(db: Executor, secrets: string[]): Promise<string[]> {
  const columns = await sql<{ schema: string; table: string; column: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
    where t.table_type = 'BASE TABLE' and c.table_schema in (current_schema(), 'pgboss')
      and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`.execute(db);
  const found: string[] = [];
  for (const { schema, table, column } of columns.rows) {
    for (const secret of secrets) {
      const hit = await sql`select 1 from ${sql.table(`${schema}.${table}`)}
        where position(${secret} in ${sql.ref(column)}::text) > 0 limit 1`.execute(db);
      if (hit.rows.length > 0) found.push(`${schema}.${table}.${column} holds ${secret.slice(0, 10)}…`);
    }
  }
  return found;
}
