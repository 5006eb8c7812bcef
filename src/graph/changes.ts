import type { Executor } from '../db/connection.ts';

/**
 * Where the events feature recomputes what each integration sees. Called inside the transaction
 * that changed the data, so the events exist exactly when the change does.
 */

/** A source's graph data changed (an import merged): every integration of the source. */
export async function onSourceChanged(_tx: Executor, _sourceId: string): Promise<void> {}

/** One integration's permissions, scope or targets changed, or it was created. */
export async function onIntegrationChanged(_tx: Executor, _integrationId: string): Promise<void> {}
