import { Type } from 'typebox';
import { DateTime, Uuid } from '../lib/schema.ts';
import { RoleSchema } from '../teams/schema.ts';

export const Member = Type.Object({
  user_id: Uuid,
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
});

export const Invitation = Type.Object({
  id: Uuid,
  team_id: Uuid,
  team_name: Type.Optional(Type.String({ description: 'In the invitee’s own list: the team that invites them.' })),
  email: Type.String(),
  role: RoleSchema,
  created_date: DateTime,
  expires_date: DateTime,
});

export const InviteBody = Type.Object(
  { email: Type.String({ format: 'email', minLength: 3, maxLength: 320 }), role: RoleSchema },
  { additionalProperties: false },
);

export const ChangeRoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });

export const MemberParams = Type.Object({ team_id: Uuid, user_id: Uuid });
export const TeamInvitationParams = Type.Object({ team_id: Uuid, invitation_id: Uuid });
export const InvitationParams = Type.Object({ invitation_id: Uuid });
