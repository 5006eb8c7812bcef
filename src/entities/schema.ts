import { Type } from 'typebox';
import { DateTime, StringEnum, Uuid } from '../lib/schema.ts';

const Kind = StringEnum(['district', 'school', 'university', 'company', 'other']);
const Identifier = Type.Object(
  { type: Type.String({ minLength: 1, maxLength: 64 }), value: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const Entity = Type.Object({
  id: Uuid,
  team_id: Uuid,
  name: Type.String(),
  kind: Kind,
  identifiers: Type.Array(Identifier),
  created_date: DateTime,
  updated_date: DateTime,
});

export const CreateEntityBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    kind: Kind,
    identifiers: Type.Optional(
      Type.Array(Identifier, {
        maxItems: 50,
        description: 'NCES-style identifiers, e.g. `{type: "nces_id", value: "0601234"}`.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateEntityBody = Type.Partial(CreateEntityBody, { additionalProperties: false, minProperties: 1 });
export const EntityParams = Type.Object({ entity_id: Uuid });
