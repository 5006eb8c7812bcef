import type { Insertable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import type { Role } from '../teams/tables.ts';
import type { MembersTables } from './tables.ts';

export function listMembers(db: Executor, teamId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as user_id', 'users.email', 'users.name', 'memberships.role'])
    .where('memberships.team_id', '=', teamId)
    .orderBy('users.email')
    .execute();
}

/**
 * The team's memberships, locked until the transaction ends, so that two changes racing to
 * remove the last owners see each other's result.
 */
export function lockMemberships(tx: Executor, teamId: string) {
  return tx.selectFrom('memberships').select(['user_id', 'role']).where('team_id', '=', teamId).forUpdate().execute();
}

export function setMembershipRole(tx: Executor, teamId: string, userId: string, role: Role) {
  return tx
    .updateTable('memberships')
    .set({ role })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteMembership(tx: Executor, teamId: string, userId: string) {
  return tx.deleteFrom('memberships').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}

export function upsertInvitation(tx: Executor, invitation: Insertable<MembersTables['team_invitations']>) {
  const { id: _id, team_id: _team, email: _email, ...renewed } = invitation;
  return tx
    .insertInto('team_invitations')
    .values(invitation)
    .onConflict((oc) => oc.columns(['team_id', 'email']).doUpdateSet({ ...renewed, created_date: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listTeamInvitations(db: Executor, teamId: string, now: Date) {
  return db
    .selectFrom('team_invitations')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('expires_date', '>', now)
    .orderBy('created_date')
    .execute();
}

/** Live invitations addressed to an email, with the name of the team that sent each. */
export function invitationsFor(db: Executor, email: string, now: Date) {
  return db
    .selectFrom('team_invitations')
    .innerJoin('teams', 'teams.id', 'team_invitations.team_id')
    .selectAll('team_invitations')
    .select('teams.name as team_name')
    .where('team_invitations.email', '=', email.toLowerCase())
    .where('team_invitations.expires_date', '>', now)
    .orderBy('team_invitations.created_date')
    .execute();
}

export function findInvitation(db: Executor, id: string) {
  return db.selectFrom('team_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deleteInvitation(tx: Executor, id: string) {
  return tx.deleteFrom('team_invitations').where('id', '=', id).execute();
}
