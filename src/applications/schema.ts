import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../lib/schema.ts';

const Url = Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://' });

export const Application = Type.Object({
  id: Uuid,
  team_id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  icon_url: Nullable(Type.String()),
  redirect_uris: Type.Array(Type.String()),
  webhook_url: Nullable(Type.String()),
  email: Nullable(Type.String()),
  identity_link_url: Nullable(Type.String()),
  requested_permissions: Type.Array(Uuid),
  secret_hint: Type.String({ description: 'The first characters of the application secret.' }),
  secret: Type.Optional(Type.String({ description: 'The application secret, shown only when created or rotated.' })),
  created_date: DateTime,
  updated_date: DateTime,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Nullable(Type.String({ maxLength: 5000 })),
  icon_url: Nullable(Url),
  redirect_uris: Type.Array(Url, {
    maxItems: 50,
    uniqueItems: true,
    description: 'Where sign-in may return to; matched exactly.',
  }),
  webhook_url: Nullable(Url),
  email: Nullable(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 })),
  identity_link_url: Nullable(Url),
  requested_permissions: Type.Array(Uuid, {
    maxItems: 50,
    uniqueItems: true,
    description: 'Permission ids (GET /api/v1/permissions).',
  }),
};

export const CreateApplicationBody = Type.Object(
  {
    name: fields.name,
    description: Type.Optional(fields.description),
    icon_url: Type.Optional(fields.icon_url),
    redirect_uris: Type.Optional(fields.redirect_uris),
    webhook_url: Type.Optional(fields.webhook_url),
    email: Type.Optional(fields.email),
    identity_link_url: Type.Optional(fields.identity_link_url),
    requested_permissions: Type.Optional(fields.requested_permissions),
  },
  { additionalProperties: false },
);

export const UpdateApplicationBody = Type.Partial(CreateApplicationBody, {
  additionalProperties: false,
  minProperties: 1,
});
export const ApplicationParams = Type.Object({ application_id: Uuid });
