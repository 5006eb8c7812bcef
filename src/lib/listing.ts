import { envelope } from './envelope.ts';
import { nextLink, type Paging, settlePage } from './paging.ts';

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
