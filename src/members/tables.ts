import type { Generated } from 'kysely';
import type { Role } from '../teams/tables.ts';

export type MembersTables = {
  /** An offer of a role in a team to whoever holds the email; it becomes a membership when they accept. */
  team_invitations: {
    id: string;
    team_id: string;
    /** Lower case. */
    email: string;
    role: Role;
    invited_by_type: string;
    invited_by_id: string | null;
    created_date: Generated<Date>;
    expires_date: Date;
  };
};
