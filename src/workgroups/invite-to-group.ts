/**
 * inviteToGroup: invitations to several users at once (legacy `sonet_group.user.invite`, documented). The method
 * skips silently the caller, unknown users, anyone with any relation (pending ones too), and everyone when the caller
 * may not invite; so the gateway sorts the users first and sends only those it would invite. Three upstream requests:
 *   1. the checks, one batch: the group, its INITIATE_PERMS and the caller's relation, its members, the users;
 *   2. once the gate has passed, the group's pending relations (usertogroup.list checks no permission: never before
 *      the gate); more than 50 pending relations add one more request for the other pages, all in one batch;
 *   3. the write and the group's re-read, one batch. The write answers exactly whom it invited; anyone else it was
 *      sent was skipped by the portal (the user's privacy settings, or a relation made since the checks).
 */
import { attempt, getPendingRelations, type Attempt, moderationMethods, type Group, type GroupMembership, type Relation, type User } from '../bitrix24/index.js';
import { auditedWrite, callerIdForAudit } from './audit.js';
import type { WorkgroupContext } from './context.js';
import { permissionsFrom, readPermissionFacts } from './viewer-status.js';
import { rereadGroup } from './reread.js';
import { portalRefused } from './caller-action.js';
import { refuse, succeed, type Outcome } from './refusals.js';

export const INVITE_TO_GROUP_REFUSALS = ['GROUP_NOT_FOUND', 'NOT_ALLOWED', 'PORTAL_REFUSED'] as const;
type Refusals = (typeof INVITE_TO_GROUP_REFUSALS)[number];

export type InvitationSkipReason = 'ALREADY_MEMBER' | 'ALREADY_INVITED' | 'REQUEST_PENDING' | 'NOT_FOUND' | 'SKIPPED_BY_PORTAL';

export interface InviteToGroupInput {
  groupId: number;
  userIds: readonly number[];
  message: string | null | undefined;
}

export interface InvitationSkip {
  userId: number;
  reason: InvitationSkipReason;
}

export interface InvitationsSent {
  group: Group;
  invitedUserIds: number[];
  skipped: InvitationSkip[];
}

export async function inviteToGroup(context: WorkgroupContext, input: InviteToGroupInput): Promise<Outcome<InvitationsSent, Refusals>> {
  const { groupId } = input;
  const userIds = [...new Set(input.userIds)];
  const { loaders } = context;
  const callerUserId = callerIdForAudit(context);
  const [group, facts, members, users] = await Promise.all([
    loaders.groupById.load(groupId),
    readPermissionFacts(context, groupId),
    // A group the caller may not see makes the member list fail: that is GROUP_NOT_FOUND, decided below.
    loaders.membersByGroup.load(groupId).catch((error: unknown) => error as Error),
    Promise.all(userIds.map((userId) => loaders.userById.load(userId))),
  ]);
  if (!group) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  if (members instanceof Error) throw members;
  if (!permissionsFrom(group, facts).invite) {
    return refuse({ kind: 'NOT_ALLOWED', groupId, reason: 'the group\'s invite setting does not let you invite' });
  }
  const session = context.session();
  // The pending relations come from the undocumented D7 list: with BITRIX24_D7_API=off they are not read, and the
  // portal's silent skip of a pending user is reported as SKIPPED_BY_PORTAL.
  const pending = context.d7Api ? await getPendingRelations(session, groupId) : [];
  const plan = planInvitations(userIds, users, members, pending);
  if (plan.candidates.length === 0) return succeed({ group, invitedUserIds: [], skipped: plan.skipped });

  const batch = Promise.all([
    attempt(session, moderationMethods.sonetGroupUserInvite, { groupId, userIds: plan.candidates, message: input.message ?? '' }),
    rereadGroup(session, groupId),
  ]);
  let outcome: Outcome<InvitationsSent, Refusals> | undefined;
  const [, reread] = await auditedWrite(context, { operation: 'inviteToGroup', groupId, callerUserId }, batch, ([written, groupAfter]) => {
    outcome = decideInvitations(groupId, plan, written, groupAfter);
    return outcome.ok ? { outcome: outcome.value.invitedUserIds.length > 0 ? 'APPLIED' : 'REFUSED', detail: `invited ${outcome.value.invitedUserIds.length}` } : { outcome: 'REFUSED', detail: outcome.refusal.kind };
  });
  loaders.afterWrite(groupId, { group: reread });
  if (outcome!.ok && outcome!.value.invitedUserIds.length > 0) {
    context.changes.groupChanged({ kind: 'MEMBER_INVITED', groupId, userIds: outcome!.value.invitedUserIds });
  }
  return outcome!;
}

export interface InvitationPlan {
  /** Users the portal would invite, in the order asked. */
  candidates: number[];
  skipped: InvitationSkip[];
}

/** Who to send, who to skip and why, from the checks. Pure. */
export function planInvitations(
  userIds: readonly number[],
  users: readonly (User | null)[],
  members: readonly GroupMembership[],
  pending: readonly Relation[],
): InvitationPlan {
  const memberIds = new Set(members.map((member) => member.userId));
  const pendingKind = new Map(pending.map((relation) => [relation.userId, relation.kind]));
  const candidates: number[] = [];
  const skipped: InvitationSkip[] = [];
  userIds.forEach((userId, index) => {
    const reason: InvitationSkipReason | null = !users[index]
      ? 'NOT_FOUND'
      : memberIds.has(userId)
        ? 'ALREADY_MEMBER'
        : pendingKind.get(userId) === 'INVITATION'
          ? 'ALREADY_INVITED'
          : pendingKind.get(userId) === 'REQUEST'
            ? 'REQUEST_PENDING'
            : null;
    if (reason) skipped.push({ userId, reason });
    else candidates.push(userId);
  });
  return { candidates, skipped };
}

/** The outcome, from the write's answer (the ids it invited) and the group's re-read. Pure. */
export function decideInvitations(
  groupId: number,
  plan: InvitationPlan,
  written: Attempt<number[]>,
  groupAfter: Group | null,
): Outcome<InvitationsSent, Refusals> {
  if (!groupAfter) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  if (!written.ok) return refuse(portalRefused(groupId, 'inviteToGroup', written.refusal.code, written.refusal.description));
  const invited = new Set(written.value);
  const invitedUserIds = plan.candidates.filter((userId) => invited.has(userId));
  const skippedByPortal = plan.candidates.filter((userId) => !invited.has(userId)).map((userId) => ({ userId, reason: 'SKIPPED_BY_PORTAL' as const }));
  return succeed({ group: groupAfter, invitedUserIds, skipped: [...plan.skipped, ...skippedByPortal] });
}
