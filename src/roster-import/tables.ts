import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type ImportState = 'running' | 'succeeded' | 'failed';
export type ImportMode = 'bulk' | 'delta';

/** One problem found in an import, at a place of a file; `count` > 1 when the same problem repeats in a column. */
export type Issue = { file: string | null; line: number | null; column: string | null; message: string; count: number };

export type FileCount = { mode: 'bulk' | 'delta'; rows: number };
export type Changes = { created: number; updated: number; deleted: number };

export type RosterImportTables = {
  imports: {
    id: string;
    source_id: string;
    state: ImportState;
    mode: ImportMode | null;
    version: string | null;
    files: Json<Record<string, FileCount>>;
    changes: Json<Record<string, Changes>>;
    warnings: Json<Issue[]>;
    errors: Json<Issue[]>;
    warning_count: Generated<number>;
    error_count: Generated<number>;
    /** `host:pid` of the process running the import, to tell a dead import from a live one. */
    runner: string;
    heartbeat_date: Generated<Date>;
    started_date: Generated<Date>;
    finished_date: Date | null;
    duration_ms: number | null;
  };
};
