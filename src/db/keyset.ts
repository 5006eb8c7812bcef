import { type SelectQueryBuilder, sql } from 'kysely';
import type { Paging } from '../lib/paging.ts';

/** Applies keyset paging on `column` (a uuid): bound, order and one row more than the page. */
export function pageBy<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  paging: Paging,
): SelectQueryBuilder<DB, TB, O> {
  const forward = paging.direction === 'forward';
  let paged = query;
  if (paging.bound) paged = paged.where(sql.ref(column), forward ? '>' : '<', paging.bound) as typeof query;
  return paged.orderBy(sql.ref(column), forward ? 'asc' : 'desc').limit(paging.size + 1) as typeof query;
}

/** The same keyset paging for queries written in SQL: the bound, the order and the row limit. */
export function keyset(column: string, paging: Paging) {
  const forward = paging.direction === 'forward';
  return {
    bound: paging.bound
      ? sql<boolean>`${sql.ref(column)} ${sql.raw(forward ? '>' : '<')} ${paging.bound}`
      : sql<boolean>`true`,
    order: sql`${sql.ref(column)} ${sql.raw(forward ? 'asc' : 'desc')}`,
    limit: paging.size + 1,
  };
}
