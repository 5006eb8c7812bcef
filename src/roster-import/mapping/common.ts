import { recordId } from '../../graph/ids.ts';
import type { GraphKind, Identifier } from '../../graph/tables.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { compact } from './values.ts';

/**
 * The staged form of a row: id from the source and sourcedId, `oneroster_id` first among the
 * identifiers, the row's extension columns merged into `properties`.
 */
export function stage(
  row: Row,
  ctx: MapContext,
  kind: GraphKind,
  fields: Record<string, unknown>,
  extra: { identifiers?: Identifier[]; properties?: Record<string, unknown>; refs?: Record<string, unknown> } = {},
): Staged {
  const sourcedId = row.get('sourcedId');
  const id = recordId(ctx.sourceId, kind, sourcedId);
  return {
    kind,
    id,
    sourcedId,
    deleted: row.status === 'tobedeleted',
    record: {
      id,
      source_id: ctx.sourceId,
      sourced_id: sourcedId,
      identifiers: [{ type: 'oneroster_id', value: sourcedId }, ...(extra.identifiers ?? [])],
      properties: compact({ ...(extra.properties ?? {}), ...row.extras() }),
      ...fields,
    },
    ...(extra.refs ? { refs: extra.refs } : {}),
  };
}

/** An org reference names a district or a school; which one is known from orgs.csv and the source's districts. */
export function orgRef(ctx: MapContext, sourcedId: string): { kind: 'districts' | 'schools'; id: string } {
  const kind = ctx.districts.has(sourcedId) ? 'districts' : 'schools';
  return { kind, id: refId(ctx, kind, sourcedId) as string };
}

/**
 * References repeat (every enrollment of a class names the class), and an id costs a SHA-1: the
 * ids of references are remembered per import (its mapping context) and kind, in maps emptied
 * whenever they fill, so memory stays bounded.
 */
const remembered = new WeakMap<MapContext, Map<GraphKind, Map<string, string>>>();
const REMEMBERED = 50_000;

/** The id of a referenced record, or null for an empty cell. */
export function refId(ctx: MapContext, kind: GraphKind, sourcedId: string | null): string | null {
  if (!sourcedId) return null;
  let kinds = remembered.get(ctx);
  if (!kinds) {
    kinds = new Map();
    remembered.set(ctx, kinds);
  }
  let ids = kinds.get(kind);
  if (!ids || ids.size >= REMEMBERED) {
    ids = new Map();
    kinds.set(kind, ids);
  }
  let id = ids.get(sourcedId);
  if (!id) {
    id = recordId(ctx.sourceId, kind, sourcedId);
    ids.set(sourcedId, id);
  }
  return id;
}
