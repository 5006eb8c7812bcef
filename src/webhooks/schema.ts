import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../lib/schema.ts';

export const WebhookEndpoint = Type.Object({
  application_id: Uuid,
  url: Nullable(Type.String({ description: "The application's `webhook_url`; nothing is sent without one." })),
  secrets: Type.Array(
    Type.Object({
      secret: Type.String({ description: 'A Standard Webhooks signing secret (`whsec_…`).' }),
      expires_date: Nullable(DateTime),
    }),
    { description: 'The secrets that sign now: the current one first, then one being replaced, until it expires.' },
  ),
  disabled_date: Nullable(DateTime),
  disabled_reason: Nullable(Type.String()),
});

export const WebhookDelivery = Type.Object({
  id: Uuid,
  message_id: Type.String({ description: 'The `webhook-id` header: the same on every attempt.' }),
  topic: Type.String(),
  integration_id: Nullable(Uuid),
  state: StringEnum(['pending', 'succeeded', 'failed']),
  attempts: Type.Integer(),
  next_attempt_date: Nullable(DateTime),
  last_attempt_date: Nullable(DateTime),
  last_status_code: Nullable(Type.Integer()),
  last_latency_ms: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_date: DateTime,
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const RotateSecretBody = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 7 * 24 * 3600,
        default: 86_400,
        description: 'How long the replaced secret keeps signing beside the new one.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DeliveryParams = Type.Object({ delivery_id: Uuid });
