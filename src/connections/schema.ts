import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../lib/schema.ts';

const ConfigValues = Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), { maxProperties: 200 });

export const ProviderParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

export const ScopeQuery = Type.Object(
  {
    scope: Type.Optional(
      Type.String({
        maxLength: 64,
        description: "Omitted: the caller's team. `global`: the platform's defaults. A team id: that team.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const MappingQuery = Type.Object(
  {
    scope: ScopeQuery.properties.scope,
    entity_id: Type.Optional(Type.String({ maxLength: 300, description: 'Answer the mapping only for this entity.' })),
  },
  { additionalProperties: false },
);

/** The seed's `OAuthCredentials`, opened for the caller. */
export const OAuthCredentials = Type.Object({
  connection_name: Type.String(),
  client_id: Nullable(Type.String()),
  client_secret: Nullable(Type.String()),
  authorization_url: Nullable(Type.String()),
  token_url: Nullable(Type.String()),
  scopes: Type.Array(Type.String()),
  access_token: Nullable(Type.String()),
  refresh_token: Nullable(Type.String()),
  expires_at: Nullable(DateTime),
});

/** The seed's `IntegrationData`: merged config and fresh credentials. */
export const IntegrationData = Type.Object({
  integration_id: Uuid,
  entity_id: Nullable(Type.String()),
  entity_name: Nullable(Type.String()),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Schema defaults ← platform ← team.' }),
  secret_keys: Type.Array(Type.String(), { description: 'Keys of `config` holding secrets: scrub them from logs.' }),
  oauth: Nullable(OAuthCredentials),
});

export const RefreshState = Nullable(StringEnum(['refresh_failed', 'reauth_required', 'refresh_recovered']));

/** The seed's `IntegrationMappingResponse`, with the token's refresh state. */
export const Mapping = Type.Object({
  id: Uuid,
  integration_id: Uuid,
  organization_id: Uuid,
  entity_id: Nullable(Type.String()),
  entity_name: Nullable(Type.String()),
  oauth_token_id: Nullable(Uuid),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Overrides; `secret` values are left out.' }),
  secret_keys: Type.Array(Type.String(), { description: 'Secret keys the team has set.' }),
  refresh_state: RefreshState,
  expires_at: Nullable(DateTime),
  created_at: DateTime,
  updated_at: DateTime,
});

export const UpsertMappingBody = Type.Object(
  {
    entity_id: Type.String({ minLength: 1, maxLength: 300 }),
    entity_name: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    config: Type.Optional(ConfigValues),
  },
  { additionalProperties: false },
);

export const DefaultsBody = Type.Object(
  {
    config: Type.Optional(ConfigValues),
    client_id: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
    client_secret: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'Stored sealed, never shown here.' })),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Connect = Type.Object({
  authorization_url: Type.String({ description: 'Send the browser here; the state in it is single-use.' }),
  expires_at: DateTime,
});

export const CallbackQuery = Type.Object(
  {
    state: Type.String({ maxLength: 200 }),
    code: Type.Optional(Type.String({ maxLength: 4000 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);

export const Defaults = Type.Object({
  provider: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Values without secrets.' }),
  secret_keys: Type.Array(Type.String(), { description: 'Secret keys the platform has set.' }),
  client_id: Nullable(Type.String()),
  has_client_secret: Type.Boolean(),
});

export const Connected = Type.Object({ provider: Type.String(), team_id: Uuid, mapping_id: Uuid });
