import { createHash } from 'node:crypto';
import type { GraphKind } from './tables.ts';

const NAMESPACE = Buffer.from('4c9d3f8e2b1a5e6f9a0b7c8d9e0f1a2b', 'hex');

/**
 * The id of a rostering record: the same for the same source record across re-imports,
 * different across sources and kinds. It is the UUIDv5 of the three under a fixed namespace,
 * computed on node:crypto directly because imports derive millions of them.
 */
export function recordId(sourceId: string, kind: GraphKind, sourcedId: string): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(`${sourceId}\u0000${kind}\u0000${sourcedId}`, 'utf8')
    .digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
