import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../lib/schema.ts';

const State = StringEnum(['inactive', 'active', 'error', 'disabled']);
const Config = Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), { maxProperties: 200, description: "Overrides of the provider's default config." });

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
  created_date: DateTime,
  updated_date: DateTime,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 300 }),
  state: State,
  entity_id: Nullable(Uuid),
  external_entity_id: Nullable(Type.String({ maxLength: 300 })),
  external_entity_name: Nullable(Type.String({ maxLength: 300 })),
  config: Config,
  credentials: Nullable(
    Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), { maxProperties: 50, description: 'Outside credentials; stored sealed, never shown again.' }),
  ),
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
  },
  { additionalProperties: false },
);

export const UpdateSourceBody = Type.Object(
  {
    name: Type.Optional(fields.name),
    provider: Type.Optional(Type.String({ description: 'Accepted only when unchanged: the provider of a source is fixed.' })),
    state: Type.Optional(fields.state),
    entity_id: Type.Optional(fields.entity_id),
    external_entity_id: Type.Optional(fields.external_entity_id),
    external_entity_name: Type.Optional(fields.external_entity_name),
    config: Type.Optional(fields.config),
    credentials: Type.Optional(fields.credentials),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SourceParams = Type.Object({ source_id: Uuid });
