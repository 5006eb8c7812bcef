import { Type } from 'typebox';
import { DateTime, ListQuery, Nullable, StringEnum, Uuid } from '../lib/schema.ts';
import { RoleSchema } from '../teams/schema.ts';

export const BindingStateSchema = StringEnum(['on', 'off', 'allow']);

export const Binding = Type.Object({
  id: Uuid,
  team_id: Type.Union([Uuid, Type.Null()], { description: "Null for the platform's binding." }),
  developer_key_id: Uuid,
  state: BindingStateSchema,
  team_owns_binding: Type.Boolean({ description: 'Whether the binding is the team’s own rather than the platform’s.' }),
});

export const DeveloperKey = Type.Object({
  id: Uuid,
  client_id: Uuid,
  application_id: Uuid,
  team_id: Nullable(Uuid),
  global: Type.Boolean({ description: 'Owned by the platform and usable in every team that turns it on.' }),
  primary: Type.Boolean({
    description: "The application's own key: its client id is the application id, its secret the application secret.",
  }),
  name: Type.String(),
  email: Nullable(Type.String()),
  icon_url: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  redirect_uris: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  require_scopes: Type.Boolean(),
  allow_includes: Type.Boolean(),
  client_type: StringEnum(['confidential', 'public']),
  client_credentials_role: Nullable(RoleSchema),
  state: StringEnum(['active', 'inactive', 'deleted']),
  secret_hint: Nullable(Type.String()),
  client_secret: Type.Optional(
    Type.String({ description: 'The client secret, shown only when created or regenerated.' }),
  ),
  binding: Type.Optional(Nullable(Binding)),
  created_date: DateTime,
  updated_date: DateTime,
});

/**
 * A global key as another team sees it when deciding whether to turn it on: what it is and what
 * it may reach, never its notes, contact or redirect URIs.
 */
export const InheritedKey = Type.Pick(DeveloperKey, [
  'id',
  'client_id',
  'application_id',
  'global',
  'name',
  'icon_url',
  'scopes',
  'require_scopes',
  'allow_includes',
  'client_type',
  'state',
  'binding',
]);

/** Absolute, without a fragment (RFC 6749 §3.1.2); custom schemes of native apps are accepted. */
const RedirectUri = Type.String({ maxLength: 4096, pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s#]+$' });

const fields = {
  name: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  email: Nullable(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 })),
  icon_url: Nullable(Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://' })),
  notes: Nullable(Type.String({ maxLength: 5000 })),
  redirect_uris: Nullable(
    Type.Array(RedirectUri, {
      maxItems: 50,
      uniqueItems: true,
      description: "Matched exactly; null falls back to the application's.",
    }),
  ),
  scopes: Type.Array(Type.String({ maxLength: 500 }), {
    maxItems: 500,
    description: 'Endpoint scopes (`url:<VERB>|<path>`) from GET /api/v1/teams/:team_id/scopes.',
  }),
  require_scopes: Type.Boolean({ description: 'Enforce the scopes on every request made with this key’s tokens.' }),
  allow_includes: Type.Boolean({ description: 'Keep `$expand` on scoped requests instead of stripping it.' }),
};

function optional() {
  return {
    name: Type.Optional(fields.name),
    email: Type.Optional(fields.email),
    icon_url: Type.Optional(fields.icon_url),
    notes: Type.Optional(fields.notes),
    redirect_uris: Type.Optional(fields.redirect_uris),
    scopes: Type.Optional(fields.scopes),
    require_scopes: Type.Optional(fields.require_scopes),
    allow_includes: Type.Optional(fields.allow_includes),
  };
}

export const CreateKeyBody = Type.Object(
  {
    application_id: Uuid,
    global: Type.Optional(
      Type.Boolean({
        description: "Platform-owned, for the application's own team only; otherwise the key works in this team alone.",
      }),
    ),
    client_type: Type.Optional(
      StringEnum(['confidential', 'public'], {
        description: 'Public clients (browser, native) get no secret and must use PKCE.',
      }),
    ),
    client_credentials_role: Type.Optional(
      Type.Union([RoleSchema, Type.Null()], {
        description: 'Allows `client_credentials`: the role its tokens act with in this team.',
      }),
    ),
    ...optional(),
  },
  { additionalProperties: false },
);

export const UpdateKeyBody = Type.Object(
  {
    ...optional(),
    client_credentials_role: Type.Optional(Nullable(RoleSchema)),
    state: Type.Optional(
      StringEnum(['active', 'inactive'], { description: 'Deactivating stops every token of the key at once.' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SetBindingBody = Type.Object({ state: BindingStateSchema }, { additionalProperties: false });

export const KeyParams = Type.Object({ key_id: Uuid });
export const TeamKeyParams = Type.Object({ team_id: Uuid, key_id: Uuid });
export const KeyListQuery = Type.Object(
  {
    ...ListQuery.properties,
    inherited: Type.Optional(
      Type.Boolean({ description: 'List the global keys this team may turn on, instead of its own.' }),
    ),
  },
  { additionalProperties: true },
);
