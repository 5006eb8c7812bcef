import { v7 } from 'uuid';
import { type Actor, SYSTEM } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { findSource } from '../sources/store.ts';
import { publishImportFinished } from '../webhooks/source-topics.ts';
import { auditImport } from './audit.ts';
import { readDistrictIds } from './districts.ts';
import { Issues } from './issues.ts';
import { readManifest } from './manifest.ts';
import { type ImportSummary, presentImport } from './presenters.ts';
import { openExport, UnreadableExport } from './read.ts';
import { liveImports, RUNNER, recoverInterrupted } from './recovery.ts';
import { maxRemovalPercent, refuseMassRemovals } from './removals.ts';
import { type Progress, planFiles, stageFiles } from './stage.ts';
import * as store from './store/imports.ts';
import { merge } from './store/merge.ts';
import { plan } from './store/plan.ts';
import { importScope, modeOfKind } from './store/references.ts';
import { resolve } from './store/resolve.ts';
import { createStaging, dropStaging, indexStaging } from './store/staging.ts';
import { openWriter } from './store/writer.ts';
import type { Changes, FileCount } from './tables.ts';

export type { ImportSummary } from './presenters.ts';
export type ImportOptions = {
  onProgress?: (progress: Progress) => void;
  /** Who asked for the import, as the audit log names them; the system when not said. */
  actor?: Actor;
  /** Apply a bulk import even when it removes more of a kind than the source allows (removals.ts). */
  allowRemovals?: boolean;
  /** Stops the import before its merge: it is recorded as failed, nothing of it applied. */
  signal?: AbortSignal;
};

const HEARTBEAT_MS = 5000;

/** What an import run produced; the merge records success itself, inside its transaction. */
type Outcome = { mode: 'bulk' | 'delta' | null; version: string | null; files: Record<string, FileCount> };

function outcomeFields(outcome: Outcome, issues: Issues, started: number) {
  return {
    mode: outcome.mode,
    version: outcome.version,
    files: JSON.stringify(outcome.files),
    warnings: JSON.stringify(issues.warnings),
    warning_count: issues.warningCount,
    errors: JSON.stringify(issues.errors),
    error_count: issues.errorCount,
    finished_date: new Date(),
    duration_ms: Date.now() - started,
  };
}

/**
 * Imports a OneRoster 1.1 or 1.2 CSV export (folder or zip) into a source's graph, all or
 * nothing. Files stream into staging tables (no transaction, so the server keeps serving), are
 * resolved in SQL, the writes are planned against the source's data, then applied in one
 * transaction that holds only what changed.
 *
 * Resolves with the import as recorded in the history, whether it succeeded or was refused:
 * a refused import has state `failed` and its errors listed (file, line, column), and the
 * source's data is untouched. Rejects only when the source does not exist, or on a fault that
 * is not the export's (the database gone, say) — the import is then recorded as failed first
 * when the database allows.
 */
export async function runImport(
  ctx: AppContext,
  sourceId: string,
  path: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const source = await findSource(ctx.db, sourceId);
  if (!source) throw new NotFound(`Source with id ${sourceId} not found.`);
  if (source.provider_name !== 'oneroster')
    throw new Conflict(
      `Source ${sourceId} is a ${source.provider_name} source; ` +
        'OneRoster exports import only into a source of the provider oneroster.',
    );
  const removals = { percent: maxRemovalPercent(source.config), allowed: options.allowRemovals === true };
  await recoverInterrupted(ctx.db);
  const started = Date.now();
  const row = await store.createImport(ctx.db, { id: v7(), source_id: sourceId, runner: RUNNER });
  liveImports.add(row.id);
  // Other machines tell a live import from a dead one by this heartbeat (see recovery.ts).
  const beat = setInterval(() => store.heartbeat(ctx.db, row.id).catch(() => {}), HEARTBEAT_MS);
  const issues = new Issues();
  const outcome: Outcome = { mode: null, version: null, files: {} };
  try {
    const finish = async (tx: Executor, changes: Record<string, Changes>) =>
      store.updateImport(tx, row.id, {
        ...outcomeFields(outcome, issues, started),
        state: 'succeeded',
        changes: JSON.stringify(changes),
      });
    const run = { importId: row.id, sourceId, path, issues, outcome, removals, ...options };
    await execute(ctx, run, finish);
  } catch (error) {
    if (options.signal?.aborted) {
      issues.error({}, 'the import was cancelled before it finished; nothing of it was applied');
    } else if (!(error instanceof UnreadableExport)) {
      issues.error({}, 'the import stopped on an internal error; nothing of it was applied');
      await store
        .updateImport(ctx.db, row.id, { ...outcomeFields(outcome, issues, started), state: 'failed' })
        .catch(() => {});
      throw error;
    } else {
      issues.error({}, error.message);
    }
  } finally {
    clearInterval(beat);
    liveImports.delete(row.id);
    await dropStaging(ctx.db, async () => (id) => id !== row.id).catch(() => {});
  }
  if (issues.failed)
    await store.updateImport(ctx.db, row.id, { ...outcomeFields(outcome, issues, started), state: 'failed' });
  const summary = presentImport((await store.findImport(ctx.db, sourceId, row.id))!);
  await auditImport(ctx.db, options.actor ?? SYSTEM, source.team_id, summary);
  await publishImportFinished(ctx, sourceId, summary);
  ctx.log.info(
    {
      import: summary.id,
      source: sourceId,
      state: summary.state,
      ms: summary.duration_ms,
      warnings: summary.warning_count,
      errors: summary.error_count,
    },
    `import ${summary.state}`,
  );
  return summary;
}

type Run = {
  importId: string;
  sourceId: string;
  path: string;
  issues: Issues;
  outcome: Outcome;
  removals: { percent: number; allowed: boolean };
} & Pick<ImportOptions, 'onProgress' | 'signal'>;

async function execute(
  ctx: AppContext,
  run: Run,
  finish: (tx: Executor, changes: Record<string, Changes>) => Promise<void>,
): Promise<void> {
  const { issues, outcome } = run;
  const archive = await openExport(run.path);
  try {
    const manifest = await readManifest(archive.entries, issues);
    const { files, modes } = planFiles(archive.entries, manifest, issues);
    if (files.length === 0)
      issues.error({}, 'the export holds none of the OneRoster files Gatehouse reads (orgs.csv, users.csv …)');
    outcome.version = manifest.version;
    outcome.mode = files.some((file) => file.mode === 'delta') ? 'delta' : 'bulk';
    const orgs = files.find((file) => file.spec.name === 'orgs');
    const districts = new Set([
      ...(await store.districtSourcedIds(ctx.db, run.sourceId)),
      ...(orgs ? await readDistrictIds(orgs.entry) : []),
    ]);
    const mapContext = {
      sourceId: run.sourceId,
      version: manifest.version,
      districts,
      today: new Date().toISOString().slice(0, 10),
    };
    const onBatch = (progress: Progress) => {
      run.signal?.throwIfAborted();
      run.onProgress?.(progress);
    };
    await createStaging(ctx.db, run.importId);
    const writer = await openWriter(ctx, run.importId);
    try {
      outcome.files = await stageFiles({ writer, manifest, ctx: mapContext, issues, onBatch }, files);
    } finally {
      await writer.close();
    }
    if (issues.failed) return;
    const scope = importScope(ctx.db, run.importId, run.sourceId, modeOfKind(modes));
    await indexStaging(ctx.db, run.importId);
    await resolve(scope, issues);
    await refuseMassRemovals(scope, issues, run.removals);
    if (issues.failed) return;
    run.signal?.throwIfAborted();
    await merge(scope, await plan(scope), finish);
  } finally {
    archive.close();
  }
}
