import { v5 } from 'uuid';
import type { GraphKind } from './tables.ts';

const NAMESPACE = '4c9d3f8e-2b1a-5e6f-9a0b-7c8d9e0f1a2b';

/**
 * The id of a rostering record: the same for the same source record across re-imports,
 * different across sources and kinds.
 */
export function recordId(sourceId: string, kind: GraphKind, sourcedId: string): string {
  return v5(`${sourceId}\u0000${kind}\u0000${sourcedId}`, NAMESPACE);
}
