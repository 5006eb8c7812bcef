import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Warning } from './envelope.ts';
import { BadRequest, InvalidCursor, InvalidPageSize, InvalidUuid } from './errors.ts';

/**
 * Keyset paging shared by every list: `$first`/`$after` forward, `$last`/`$before` backward,
 * and an opaque `$cursor` that carries the whole query so `$next` is self-contained. Cursors
 * are signed with the server's cursor key, so a client can neither extend their life nor change
 * their page size or parameters.
 */
export type Paging = {
  size: number;
  direction: 'forward' | 'backward';
  /** Exclusive bound: ids greater than this (forward) or smaller (backward). */
  bound: string | undefined;
  /** The query's other `$` parameters (`$filter`, `$expand`, `$fields` …), original or from the cursor. */
  params: Record<string, string>;
  warnings: Warning[];
  /** Signs the cursor of the next page. */
  key: Buffer;
};

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;
const CURSOR_LIFETIME_MS = 2 * 60 * 60 * 1000;
const PAGING_KEYS = new Set(['$first', '$after', '$last', '$before', '$cursor']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const Cursor = Type.Object({
  v: Type.Literal(1),
  q: Type.Record(Type.String(), Type.String()),
  d: Type.Union([Type.Literal('f'), Type.Literal('b')]),
  k: Type.String({ pattern: UUID.source }),
  n: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE }),
  x: Type.Integer(),
});
type CursorData = Static<typeof Cursor>;

function pageSize(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidPageSize(name);
  const size = Number(value);
  if (size < 1 || size > MAX_PAGE_SIZE) throw new InvalidPageSize(name);
  return size;
}

function uuidParam(name: string, value: string): string {
  if (!UUID.test(value)) throw new InvalidUuid(name);
  return value.toLowerCase();
}

const signature = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

function encodeCursor(cursor: CursorData, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${body}.${signature(key, body).toString('base64url')}`;
}

function decodeCursor(text: string, key: Buffer, now: number): CursorData {
  const [body, signed, extra] = text.split('.');
  const given = Buffer.from(signed ?? '', 'base64url');
  const expected = signature(key, body ?? '');
  if (!body || extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new InvalidCursor();
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (!Value.Check(Cursor, data) || data.x < now) throw new InvalidCursor();
  return data;
}

/**
 * The same cursor without some of the query parameters it carries, signed again; a cursor that
 * does not verify is handed back as it is, for paging to refuse.
 */
export function withoutCursorParams(text: string, names: readonly string[], key: Buffer, now = Date.now()): string {
  let cursor: CursorData;
  try {
    cursor = decodeCursor(text, key, now);
  } catch {
    return text;
  }
  if (!names.some((name) => name in cursor.q)) return text;
  const q = Object.fromEntries(Object.entries(cursor.q).filter(([name]) => !names.includes(name)));
  return encodeCursor({ ...cursor, q }, key);
}

/** Reads the paging parameters of a list request. Values that are arrays (repeated keys) are refused. */
export function parsePaging(query: Record<string, unknown>, key: Buffer, now = Date.now()): Paging {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('$')) continue;
    if (typeof value !== 'string') throw new BadRequest(`The parameter '${key}' may be given only once.`);
    text[key] = value;
  }
  const params = Object.fromEntries(Object.entries(text).filter(([key]) => !PAGING_KEYS.has(key)));
  if (text.$cursor !== undefined) {
    const cursor = decodeCursor(text.$cursor, key, now);
    const ignored = Object.keys(text).some((key) => PAGING_KEYS.has(key) && key !== '$cursor');
    return {
      size: cursor.n,
      direction: cursor.d === 'f' ? 'forward' : 'backward',
      bound: cursor.k,
      params: cursor.q,
      warnings: ignored
        ? [{ code: 'PAGING_IGNORED', message: 'Other paging parameters are ignored when `$cursor` is given.' }]
        : [],
      key,
    };
  }
  if (text.$first !== undefined && text.$last !== undefined)
    throw new BadRequest('Use either `$first` or `$last`, not both.');
  if (text.$after !== undefined && text.$before !== undefined)
    throw new BadRequest('Use either `$after` or `$before`, not both.');
  const backward = text.$last !== undefined || (text.$before !== undefined && text.$first === undefined);
  const sizeParam = backward ? '$last' : '$first';
  const size = text[sizeParam] === undefined ? DEFAULT_PAGE_SIZE : pageSize(sizeParam, text[sizeParam] as string);
  const boundParam = backward ? '$before' : '$after';
  const bound = text[boundParam] === undefined ? undefined : uuidParam(boundParam, text[boundParam] as string);
  return { size, direction: backward ? 'backward' : 'forward', bound, params, warnings: [], key };
}

/** The absolute URL of the page after one that ended at `lastId`. */
export function nextLink(publicUrl: string, path: string, paging: Paging, lastId: string, now = Date.now()): string {
  const cursor: CursorData = {
    v: 1,
    q: paging.params,
    d: paging.direction === 'forward' ? 'f' : 'b',
    k: lastId,
    n: paging.size,
    x: now + CURSOR_LIFETIME_MS,
  };
  return `${publicUrl}${path}?$cursor=${encodeCursor(cursor, paging.key)}`;
}

/**
 * Turns `size + 1` rows fetched in paging order into the page (always ascending by id) and
 * whether more rows exist past it.
 */
export function settlePage<T extends { id: string }>(
  rows: T[],
  paging: Paging,
): { items: T[]; more: boolean; last: string | undefined } {
  const more = rows.length > paging.size;
  const page = rows.slice(0, paging.size);
  const last = page.at(-1)?.id;
  return { items: paging.direction === 'forward' ? page : page.reverse(), more, last };
}
