import type { IntegrationStatus } from './tables.ts';

type Schedule = { requested_status: IntegrationStatus; start_date: Date | null; end_date: Date | null };

/**
 * What an integration is at `now`: past its end it is disabled, before its start inactive,
 * otherwise what the administrator asked for.
 */
export function statusAt(integration: Schedule, now: Date): IntegrationStatus {
  if (integration.requested_status === 'disabled') return 'disabled';
  if (integration.end_date && integration.end_date <= now) return 'disabled';
  if (integration.start_date && integration.start_date > now) return 'inactive';
  return integration.requested_status;
}

/** The future moments at which `statusAt` may change. */
export function statusChanges(integration: Schedule, now: Date): Date[] {
  return [integration.start_date, integration.end_date].filter((date): date is Date => date !== null && date > now);
}
