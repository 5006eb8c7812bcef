import type { Endpoint } from './endpoints.ts';
import type { DeliveryRow } from './store.ts';

export function presentEndpoint(
  endpoint: Endpoint,
  url: string | null,
  secrets: Array<{ secret: string; expires_date: Date | null }>,
) {
  return {
    application_id: endpoint.application_id,
    url,
    secrets: secrets.map((entry) => ({
      secret: entry.secret,
      expires_date: entry.expires_date?.toISOString() ?? null,
    })),
    disabled_date: endpoint.disabled_date?.toISOString() ?? null,
    disabled_reason: endpoint.disabled_reason,
  };
}

export function presentDelivery(row: DeliveryRow) {
  const date = (value: Date | null) => value?.toISOString() ?? null;
  return {
    id: row.id,
    message_id: `msg_${row.id}`,
    topic: row.topic,
    integration_id: row.integration_id,
    state: row.state,
    attempts: row.attempts,
    next_attempt_date: row.state === 'pending' ? date(row.next_attempt_date) : null,
    last_attempt_date: date(row.last_attempt_date),
    last_status_code: row.last_status_code,
    last_latency_ms: row.last_latency_ms,
    last_error: row.last_error,
    created_date: row.created_date.toISOString(),
    data: row.payload,
  };
}
