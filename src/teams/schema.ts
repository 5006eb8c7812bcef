import { Type } from 'typebox';
import { Uuid } from '../lib/schema.ts';

export { Uuid };

export const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('developer'),
  Type.Literal('viewer'),
]);
export const TeamParams = Type.Object({ team_id: Uuid });

export const Team = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  created_date: Type.String({ format: 'date-time' }),
  updated_date: Type.String({ format: 'date-time' }),
});

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  platform_admin: Type.Boolean(),
});

/** Who `GET /api/v1/me` answers for: a user with its teams (what a team switcher lists), or an API key. */
export const Me = Type.Union([
  Type.Object({
    type: Type.Literal('user'),
    ...User.properties,
    teams: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: Type.String(), role: RoleSchema })),
  }),
  Type.Object({ type: Type.Literal('api_key'), id: Type.String(), team_id: Uuid, role: RoleSchema }),
]);

export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: RoleSchema,
  hint: Type.String(),
  created_date: Type.String({ format: 'date-time' }),
  last_used_date: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  token: Type.Optional(Type.String({ description: 'The key itself, shown only in the answer to its creation.' })),
});

export const SignInBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export const CreateTeamBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Optional(
      Type.Union([Type.Literal('organization'), Type.Literal('developer')], { default: 'organization' }),
    ),
  },
  { additionalProperties: false },
);
export const UpdateTeamBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const CreateUserBody = Type.Object(
  {
    email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 }),
    password: Type.String({ minLength: 12, maxLength: 1024 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    platform_admin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const CreateApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema },
  { additionalProperties: false },
);
