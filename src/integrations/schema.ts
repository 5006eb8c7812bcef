import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../lib/schema.ts';

const STATUSES = ['inactive', 'active', 'disabled'] as const;
const Status = StringEnum(STATUSES);
const Permissions = Type.Array(Uuid);
const Scope = StringEnum(['all', 'selected']);

/** The v1 Integration object, every property of Edlink's model. */
export const Integration = Type.Object({
  id: Uuid,
  created_date: DateTime,
  updated_date: DateTime,
  permissions: Type.Array(Uuid),
  scope: Scope,
  targets: Type.Array(Uuid),
  status: StringEnum(['requested', ...STATUSES], {
    description: '`requested` until the organization approves: refused by the Graph and User APIs like `inactive`.',
  }),
  pending_permissions: Nullable(Permissions, {
    description: 'What the application asks the organization to approve, first or again; null when nothing waits.',
  }),
  pending_date: Nullable(DateTime),
  start_date: Nullable(DateTime),
  end_date: Nullable(DateTime),
  access_token: Type.Optional(
    Type.String({ description: 'Graph API token; given to the application (developer API) only.' }),
  ),
  application: Type.Object({
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    icon_url: Nullable(Type.String()),
  }),
  source: Nullable(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      state: Type.String(),
      created_date: DateTime,
      updated_date: DateTime,
    }),
    { description: 'Null while requested: the organization picks the source when it approves.' },
  ),
  team: Type.Object({ id: Uuid, name: Type.String() }),
  provider: Nullable(Type.Object({ id: Uuid, name: Type.String(), title: Type.String() })),
  entity: Nullable(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: Type.String(),
      identifiers: Type.Array(Type.Object({ type: Type.String(), value: Type.String() })),
    }),
  ),
});

const fields = {
  permissions: Type.Array(Uuid, {
    maxItems: 50,
    uniqueItems: true,
    description: "Granted permission ids: within the application's requested ones, parents included.",
  }),
  scope: Scope,
  targets: Type.Array(Uuid, {
    maxItems: 10_000,
    uniqueItems: true,
    description: 'With scope `selected`: schools, classes or courses of the source.',
  }),
  start_date: Nullable(DateTime),
  end_date: Nullable(DateTime),
  status: Status,
};

export const CreateIntegrationBody = Type.Object(
  {
    source_id: Uuid,
    application_id: Uuid,
    permissions: fields.permissions,
    scope: fields.scope,
    targets: Type.Optional(fields.targets),
    start_date: Type.Optional(fields.start_date),
    end_date: Type.Optional(fields.end_date),
    status: Type.Optional(
      StringEnum(STATUSES, {
        description: '`disabled` or `inactive` hold the integration; the dates narrow `active`.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateIntegrationBody = Type.Object(
  {
    source_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Accepted only when unchanged: the source of an integration is fixed.',
      }),
    ),
    application_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Accepted only when unchanged: the application of an integration is fixed.',
      }),
    ),
    permissions: Type.Optional(fields.permissions),
    scope: Type.Optional(fields.scope),
    targets: Type.Optional(fields.targets),
    start_date: Type.Optional(fields.start_date),
    end_date: Type.Optional(fields.end_date),
    status: Type.Optional(fields.status),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RotateTokenBody = Type.Object(
  {
    grace_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 7 * 24 * 3600,
        default: 0,
        description: 'How long the old token keeps working.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const IntegrationParams = Type.Object({ integration_id: Uuid });

export const RequestIntegrationBody = Type.Object(
  { team_id: Type.String({ format: 'uuid', description: 'The organization asked for the integration.' }) },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  {
    source_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Required for a requested integration; for a granted one accepted only when unchanged.',
      }),
    ),
    permissions: Type.Array(Uuid, {
      maxItems: 50,
      uniqueItems: true,
      description: 'Granted permission ids: within `pending_permissions`, parents included.',
    }),
    scope: Scope,
    targets: Type.Optional(fields.targets),
    start_date: Type.Optional(fields.start_date),
    end_date: Type.Optional(fields.end_date),
  },
  { additionalProperties: false },
);

export const ExchangeVerifierBody = Type.Object(
  { verifier: Type.String({ minLength: 1, maxLength: 200, description: 'From the `integration.activated` message.' }) },
  { additionalProperties: false },
);

export const ApprovedIntegration = Type.Object({
  ...Integration.properties,
  identity_link: Nullable(
    Type.String({
      description:
        "Where to send the administrator's browser next: the application's identity link with " +
        '`integration_id` and `success_call_back`; null without one.',
    }),
  ),
});
