import type { IntegrationStatus } from './tables.ts';

type Schedule = { requested_status: IntegrationStatus; start_date: Date | null; end_date: Date | null };

/**
 * What an integration is at `now`: requested until approved, past its end disabled, before its
 * start inactive, otherwise what the administrator asked for.
 */
export function statusAt(integration: Schedule, now: Date): IntegrationStatus {
  if (integration.requested_status === 'disabled' || integration.requested_status === 'requested')
    return integration.requested_status;
  if (integration.end_date && integration.end_date <= now) return 'disabled';
  if (integration.start_date && integration.start_date > now) return 'inactive';
  return integration.requested_status;
}

/**
 * The integration when it is in service at `now`, narrowed to what that implies: only a
 * requested integration lacks a source, and a requested one is never in service.
 */
export function inService<T extends Schedule & { source_id: string | null }>(
  integration: T,
  now: Date,
): (T & { source_id: string }) | undefined {
  if (statusAt(integration, now) !== 'active' || integration.source_id === null) return undefined;
  return integration as T & { source_id: string };
}

/** The future moments at which `statusAt` may change. */
export function statusChanges(integration: Schedule, now: Date): Date[] {
  return [integration.start_date, integration.end_date].filter((date): date is Date => date !== null && date > now);
}
