import { CompiledQuery } from 'kysely';
import type { Executor } from '../db/connection.ts';

/**
 * The database as the rate limiter library's PostgreSQL store queries it (`{ text, values }`
 * in, `{ rows, rowCount }` out), through the same connection on either engine.
 */
export function limiterClient(db: Executor) {
  return {
    async query(query: { text: string; values?: unknown[] }) {
      const result = await db.executeQuery(CompiledQuery.raw(query.text, query.values ?? []));
      // A SELECT reports no affected rows on the embedded engine; the rows themselves count.
      const rowCount = result.rows.length > 0 ? result.rows.length : Number(result.numAffectedRows ?? 0);
      return { rows: result.rows, rowCount };
    },
  };
}
