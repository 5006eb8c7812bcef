import { Type } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../lib/schema.ts';

const AuthMode = StringEnum(['oauth2_authorization_code', 'oauth2_client_credentials', 'api_key', 'none']);

export const ConfigField = Type.Object(
  {
    type: StringEnum(['string', 'int', 'bool', 'json', 'secret']),
    required: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    default: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

const EntityIdFrom = Type.Object(
  { from: StringEnum(['query', 'id_token', 'token']), name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const ApiKeyIn = Type.Object(
  {
    in: StringEnum(['header', 'query']),
    name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }),
    prefix: Type.Optional(Type.String({ maxLength: 50, description: "Before the key in a header, as in 'Bearer '." })),
  },
  {
    additionalProperties: false,
    description:
      "Auth mode `api_key`: where the team's `api_key` config value goes on proxied requests " +
      '(default: the `authorization` header with the prefix `Bearer `).',
  },
);

const definition = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  auth_mode: AuthMode,
  authorization_url: Nullable(Type.String({ maxLength: 2000, description: '`{placeholders}` filled from config.' })),
  token_url: Nullable(Type.String({ maxLength: 2000 })),
  scopes: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100 }),
  pkce: Type.Boolean(),
  refresh_margin_seconds: Type.Integer({ minimum: 0, maximum: 86400 }),
  api_base_urls: Type.Array(Type.String({ maxLength: 2000 }), {
    maxItems: 20,
    description: 'The only URL prefixes the proxy reaches.',
  }),
  entity_id_from: Nullable(EntityIdFrom),
  api_key_in: Nullable(ApiKeyIn),
  config_schema: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }), ConfigField, {
    maxProperties: 100,
  }),
};

export const Provider = Type.Object({
  id: Uuid,
  name: Type.String(),
  ...definition,
  default_config: Type.Record(Type.String(), Type.Unknown(), { description: "The config schema's defaults." }),
  builtin: Type.Boolean(),
});

export const CreateProviderBody = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    title: definition.title,
    auth_mode: definition.auth_mode,
    authorization_url: Type.Optional(definition.authorization_url),
    token_url: Type.Optional(definition.token_url),
    scopes: Type.Optional(definition.scopes),
    pkce: Type.Optional(definition.pkce),
    refresh_margin_seconds: Type.Optional(definition.refresh_margin_seconds),
    api_base_urls: Type.Optional(definition.api_base_urls),
    entity_id_from: Type.Optional(definition.entity_id_from),
    api_key_in: Type.Optional(definition.api_key_in),
    config_schema: Type.Optional(definition.config_schema),
  },
  { additionalProperties: false },
);

/** Every field of the definition but the name; what is omitted stays as it is. */
export const UpdateProviderBody = Type.Partial(Type.Object(definition, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
