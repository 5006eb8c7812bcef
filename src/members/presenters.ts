import type { Selectable } from 'kysely';
import type { MembersTables } from './tables.ts';

export function presentInvitation(invitation: Selectable<MembersTables['team_invitations']> & { team_name?: string }) {
  return {
    id: invitation.id,
    team_id: invitation.team_id,
    ...(invitation.team_name === undefined ? {} : { team_name: invitation.team_name }),
    email: invitation.email,
    role: invitation.role,
    created_date: invitation.created_date.toISOString(),
    expires_date: invitation.expires_date.toISOString(),
  };
}
