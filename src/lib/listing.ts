import type { SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import { envelope } from './envelope.ts';
import { nextLink, type Paging, settlePage } from './paging.ts';

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

/**
 * The envelope of one page: items presented, `$next` absolute and self-contained when more
 * rows exist past the page, paging warnings carried over.
 */
export function pageEnvelope<T extends { id: string }, U>(
  request: { id: string; url: string },
  publicUrl: string,
  paging: Paging,
  rows: T[],
  present: (row: T) => U,
) {
  const page = settlePage(rows, paging);
  const path = request.url.split('?')[0] as string;
  const next = page.more && page.last ? nextLink(publicUrl, path, paging, page.last) : undefined;
  return envelope(request, page.items.map(present), { next, warnings: paging.warnings });
}
