import type { Generated } from 'kysely';

export type SealingTables = {
  /** Data keys, each wrapped (sealed) under the master key. */
  sealing_keys: { id: string; wrapped: string; created_at: Generated<Date>; retired_at: Date | null };
};
