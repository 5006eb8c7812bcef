import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../lib/schema.ts';

const State = StringEnum(['inactive', 'active', 'error', 'disabled']);
const Config = Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), {
  maxProperties: 200,
  description: "Overrides of the provider's default config.",
});

export const Source = Type.Object({
  id: Uuid,
  team_id: Uuid,
  name: Type.String(),
  provider: Type.String({ description: 'Name of the provider (`oneroster`, `canvas` …).' }),
  state: State,
  entity_id: Nullable(Uuid),
  external_entity_id: Nullable(Type.String()),
  external_entity_name: Nullable(Type.String()),
  config: Type.Record(Type.String(), Type.Unknown()),
  has_credentials: Type.Boolean({ description: 'Whether outside credentials are stored; they are never shown.' }),
  sso: Nullable(
    Type.Object({
      issuer: Type.String(),
      client_id: Type.String(),
      claim: Type.String(),
      identifier: Type.String(),
      has_client_secret: Type.Boolean({ description: 'Whether a client secret is stored; it is never shown.' }),
    }),
  ),
  created_date: DateTime,
  updated_date: DateTime,
});

/**
 * The upstream OpenID Connect issuer the source's people sign in with: Gatehouse is its client,
 * and matches the `claim` of the identity it returns to a person's `identifier` (their email,
 * their `sourced_id`, or an identifier of that type).
 */
export const SsoSettings = Type.Object(
  {
    issuer: Type.String({
      pattern: '^https?://[^\\s]+$',
      maxLength: 2000,
      description: 'Issuer URL; its discovery document is read from `/.well-known/openid-configuration`.',
    }),
    client_id: Type.String({ minLength: 1, maxLength: 500 }),
    client_secret: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2000,
        description: 'Stored sealed, never shown; left out, the stored one is kept.',
      }),
    ),
    claim: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        default: 'email',
        description: 'Claim of the upstream identity to match (default `email`).',
      }),
    ),
    identifier: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        default: 'email',
        description: '`email`, `sourced_id`, or an identifier type such as `sis_id` (default `email`).',
      }),
    ),
  },
  { additionalProperties: false },
);

const fields = {
  name: Type.String({ minLength: 1, maxLength: 300 }),
  state: State,
  entity_id: Nullable(Uuid),
  external_entity_id: Nullable(Type.String({ maxLength: 300 })),
  external_entity_name: Nullable(Type.String({ maxLength: 300 })),
  config: Config,
  credentials: Nullable(
    Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), {
      maxProperties: 50,
      description: 'Outside credentials; stored sealed, never shown again.',
    }),
  ),
  sso: Nullable(SsoSettings),
};

export const CreateSourceBody = Type.Object(
  {
    name: fields.name,
    provider: Type.String({ minLength: 1, maxLength: 64 }),
    state: Type.Optional(fields.state),
    entity_id: Type.Optional(fields.entity_id),
    external_entity_id: Type.Optional(fields.external_entity_id),
    external_entity_name: Type.Optional(fields.external_entity_name),
    config: Type.Optional(fields.config),
    credentials: Type.Optional(fields.credentials),
    sso: Type.Optional(fields.sso),
  },
  { additionalProperties: false },
);

export const UpdateSourceBody = Type.Object(
  {
    name: Type.Optional(fields.name),
    provider: Type.Optional(
      Type.String({ description: 'Accepted only when unchanged: the provider of a source is fixed.' }),
    ),
    state: Type.Optional(fields.state),
    entity_id: Type.Optional(fields.entity_id),
    external_entity_id: Type.Optional(fields.external_entity_id),
    external_entity_name: Type.Optional(fields.external_entity_name),
    config: Type.Optional(fields.config),
    credentials: Type.Optional(fields.credentials),
    sso: Type.Optional(fields.sso),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SourceParams = Type.Object({ source_id: Uuid });
