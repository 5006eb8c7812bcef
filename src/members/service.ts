import { randomUUID } from 'node:crypto';
import { type Actor, recordAudit } from '../audit/service.ts';
import { canGrant } from '../auth/roles.ts';
import type { Executor } from '../db/connection.ts';
import { Conflict, NoPermission, NotFound } from '../lib/errors.ts';
import { upsertMembership } from '../teams/store.ts';
import type { Role } from '../teams/tables.ts';
import * as store from './store.ts';

const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const memberNotFound = (userId: string) => new NotFound(`Member with id ${userId} not found.`);
const invitationNotFound = (id: string) => new NotFound(`Invitation with id ${id} not found.`);

/** Who acts on memberships: the actor as audited, and their role in the team. */
export type Changer = { actor: Actor; role: Role };

/**
 * An invitation to whoever holds the email. The answer is the same whether or not anyone does:
 * the team learns nothing about other tenants' users, and nobody joins without accepting.
 */
export async function invite(db: Executor, by: Changer, teamId: string, input: { email: string; role: Role }) {
  if (!canGrant(by.role, input.role)) throw new NoPermission(`A ${by.role} cannot grant the role '${input.role}'.`);
  return db.transaction().execute(async (tx) => {
    const invitation = await store.upsertInvitation(tx, {
      id: randomUUID(),
      team_id: teamId,
      email: input.email.trim().toLowerCase(),
      role: input.role,
      invited_by_type: by.actor.type,
      invited_by_id: by.actor.id,
      expires_date: new Date(Date.now() + INVITATION_LIFETIME_MS),
    });
    await audit(tx, by.actor, teamId, 'member.invited', { type: 'invitation', id: invitation.id }, null, {
      email: invitation.email,
      role: input.role,
    });
    return invitation;
  });
}

export async function revokeInvitation(db: Executor, actor: Actor, teamId: string, id: string) {
  const invitation = await store.findInvitation(db, id);
  if (!invitation || invitation.team_id !== teamId) throw invitationNotFound(id);
  await db.transaction().execute(async (tx) => {
    await store.deleteInvitation(tx, id);
    const { email, role } = invitation;
    await audit(tx, actor, teamId, 'member.invitation_revoked', { type: 'invitation', id }, { email, role }, null);
  });
}

/** An invitation addressed to this user (anyone else's answers 404, as if absent). */
async function addressedTo(db: Executor, user: { email: string }, id: string, now: Date) {
  const invitation = await store.findInvitation(db, id);
  if (!invitation || invitation.email !== user.email.toLowerCase() || invitation.expires_date <= now)
    throw invitationNotFound(id);
  return invitation;
}

/** The user joins the team with the invitation's role (a member already, their role becomes it). */
export async function acceptInvitation(db: Executor, user: { id: string; email: string }, id: string, now: Date) {
  const invitation = await addressedTo(db, user, id, now);
  const actor = { type: 'user', id: user.id };
  return db.transaction().execute(async (tx) => {
    const memberships = await store.lockMemberships(tx, invitation.team_id);
    const before = memberships.find((row) => row.user_id === user.id);
    if (before) checkOwnersRemain(memberships, before.role, invitation.role);
    const membership = await upsertMembership(tx, {
      team_id: invitation.team_id,
      user_id: user.id,
      role: invitation.role,
    });
    await store.deleteInvitation(tx, id);
    const after = { user_id: user.id, email: user.email, role: invitation.role };
    await audit(tx, actor, invitation.team_id, 'member.joined', { type: 'user', id: user.id }, before ?? null, after);
    return membership;
  });
}

export async function declineInvitation(db: Executor, user: { id: string; email: string }, id: string, now: Date) {
  const invitation = await addressedTo(db, user, id, now);
  await db.transaction().execute(async (tx) => {
    await store.deleteInvitation(tx, id);
    const { email, role } = invitation;
    const actor = { type: 'user', id: user.id };
    await audit(
      tx,
      actor,
      invitation.team_id,
      'member.invitation_declined',
      { type: 'invitation', id },
      { email, role },
      null,
    );
  });
}

/** Only owners make or unmake owners; nobody hands out a role above their own. */
function checkChange(by: Changer, from: Role, to: Role | null): void {
  if ((from === 'owner' || to === 'owner') && by.role !== 'owner') throw new NoPermission('Only owners change owners.');
  if (to && !canGrant(by.role, to)) throw new NoPermission(`A ${by.role} cannot grant the role '${to}'.`);
}

/**
 * A team always keeps an owner: the last one can be neither demoted nor removed. `memberships`
 * are the team's, locked by the caller's transaction.
 */
function checkOwnersRemain(memberships: { role: Role }[], from: Role, to: Role | null): void {
  if (from !== 'owner' || to === 'owner') return;
  if (memberships.filter((row) => row.role === 'owner').length <= 1)
    throw new Conflict('This is the team’s last owner; make someone else an owner first.');
}

export async function changeRole(db: Executor, by: Changer, teamId: string, userId: string, role: Role) {
  return db.transaction().execute(async (tx) => {
    const memberships = await store.lockMemberships(tx, teamId);
    const target = memberships.find((row) => row.user_id === userId);
    if (!target) throw memberNotFound(userId);
    checkChange(by, target.role, role);
    checkOwnersRemain(memberships, target.role, role);
    const membership = await store.setMembershipRole(tx, teamId, userId, role);
    await audit(tx, by.actor, teamId, 'member.role_changed', { type: 'user', id: userId }, target, {
      user_id: userId,
      role,
    });
    return membership;
  });
}

/** Removes a member; members may also leave on their own. */
export async function removeMember(db: Executor, by: Changer, teamId: string, userId: string) {
  await db.transaction().execute(async (tx) => {
    const memberships = await store.lockMemberships(tx, teamId);
    const target = memberships.find((row) => row.user_id === userId);
    if (!target) throw memberNotFound(userId);
    if (by.actor.type !== 'user' || by.actor.id !== userId) checkChange(by, target.role, null);
    checkOwnersRemain(memberships, target.role, null);
    await store.deleteMembership(tx, teamId, userId);
    await audit(tx, by.actor, teamId, 'member.removed', { type: 'user', id: userId }, target, null);
  });
}

function audit(
  tx: Executor,
  actor: Actor,
  teamId: string,
  action: string,
  target: { type: 'user' | 'invitation'; id: string },
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
) {
  return recordAudit(tx, { teamId, actor, action, target, before, after });
}
