import type { Selectable } from 'kysely';
import type { RosterImportTables } from './tables.ts';

/** An import as the API and the CLI show it. */
export function presentImport(row: Selectable<RosterImportTables['imports']>) {
  return {
    id: row.id,
    source_id: row.source_id,
    state: row.state,
    mode: row.mode,
    version: row.version,
    files: row.files,
    changes: row.changes,
    warning_count: row.warning_count,
    warnings: row.warnings,
    error_count: row.error_count,
    errors: row.errors,
    started_date: row.started_date.toISOString(),
    finished_date: row.finished_date?.toISOString() ?? null,
    duration_ms: row.duration_ms,
  };
}

export type ImportSummary = ReturnType<typeof presentImport>;
