import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type DeliveryState = 'pending' | 'succeeded' | 'failed';

export type WebhookTables = {
  webhook_endpoints: {
    application_id: string;
    /** Sealed (context `webhook_endpoints.secret`): `whsec_…`, read again to sign. */
    secret: string;
    /** Sealed (context `webhook_endpoints.previous_secret`): signs too until `previous_expires_date`. */
    previous_secret: string | null;
    previous_expires_date: Date | null;
    /** Set when deliveries failed for good; nothing is sent until a developer enables it again. */
    disabled_date: Date | null;
    disabled_reason: string | null;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  webhook_deliveries: {
    id: string;
    application_id: string;
    integration_id: string | null;
    topic: string;
    payload: Json<Record<string, unknown>>;
    state: Generated<DeliveryState>;
    attempts: Generated<number>;
    /** Position in the retry schedule; a manual redelivery starts it again. */
    step: Generated<number>;
    next_attempt_date: Date | null;
    last_attempt_date: Date | null;
    last_status_code: number | null;
    last_latency_ms: number | null;
    last_error: string | null;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
};
