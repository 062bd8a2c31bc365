/**
 * The owner's changes to one member: setMemberRole (`…usertogroup.setModerator` / `removeModerator`), removeMember
 * (`…usertogroup.exclude`), transferOwnership (`sonet_group.setowner`, documented). Two upstream requests each:
 *   1. the checks, one batch: the group and its members;
 *   2. the write and its re-read, one batch: the action, then the members and the group again.
 * Bitrix24 decides who may do it (the owner; the D7 helpers answer 403); the gateway refuses before the write only
 * what the portal would refuse for the target's state, or skip: a target who is not a member, the owner's own role.
 */
import { attempt, moderationMethods, type Attempt, type Group, type GroupMembership, type GroupRole, type MethodDescriptor } from '../bitrix24/index.js';
import { auditedWrite, callerIdForAudit } from './audit.js';
import type { GroupChangeKind } from './changes.js';
import type { WorkgroupContext } from './context.js';
import { rereadGroup, rereadMembers } from './reread.js';
import { portalRefused } from './caller-action.js';
import { refuse, succeed, type Outcome, type RefusalOf } from './refusals.js';

export const MEMBER_CHANGE_REFUSALS = ['GROUP_NOT_FOUND', 'NOT_A_MEMBER', 'NOT_ALLOWED', 'OPERATION_NOT_SUPPORTED', 'PORTAL_REFUSED'] as const;
type Refusals = (typeof MEMBER_CHANGE_REFUSALS)[number];

export type MemberChange = { kind: 'SET_ROLE'; role: 'MODERATOR' | 'MEMBER' } | { kind: 'REMOVE' } | { kind: 'TRANSFER_OWNERSHIP' };

export interface MemberChangeInput {
  groupId: number;
  userId: number;
}

export interface MemberChanged {
  group: Group;
  userId: number;
  /** The user's role afterwards; null once removed. */
  role: GroupRole | null;
  /** False when the user already was what was asked: nothing was written. */
  changed: boolean;
}

const OPERATION = { SET_ROLE: 'setMemberRole', REMOVE: 'removeMember', TRANSFER_OWNERSHIP: 'transferOwnership' } as const;

export function setMemberRole(context: WorkgroupContext, input: MemberChangeInput & { role: 'MODERATOR' | 'MEMBER' }): Promise<Outcome<MemberChanged, Refusals>> {
  return changeMember(context, input, { kind: 'SET_ROLE', role: input.role });
}

export function removeMember(context: WorkgroupContext, input: MemberChangeInput): Promise<Outcome<MemberChanged, Refusals>> {
  return changeMember(context, input, { kind: 'REMOVE' });
}

export function transferOwnership(context: WorkgroupContext, input: MemberChangeInput): Promise<Outcome<MemberChanged, Refusals>> {
  return changeMember(context, input, { kind: 'TRANSFER_OWNERSHIP' });
}

/** The action that brings `current` to what `change` asks; null when it is already so. Pure. */
export function actionFor(change: MemberChange, current: GroupRole): MethodDescriptor<MemberChangeInput, boolean> | null {
  switch (change.kind) {
    case 'SET_ROLE':
      if (current === change.role) return null;
      return change.role === 'MODERATOR' ? moderationMethods.usertogroupSetModerator : moderationMethods.usertogroupRemoveModerator;
    case 'REMOVE':
      return moderationMethods.usertogroupExclude;
    case 'TRANSFER_OWNERSHIP':
      return current === 'OWNER' ? null : moderationMethods.sonetGroupSetOwner;
  }
}

async function changeMember(context: WorkgroupContext, input: MemberChangeInput, change: MemberChange): Promise<Outcome<MemberChanged, Refusals>> {
  const { groupId, userId } = input;
  // Roles and removal use the undocumented D7 actions; the ownership, the documented sonet_group.setowner.
  if (!context.d7Api && change.kind !== 'TRANSFER_OWNERSHIP') {
    return refuse({ kind: 'OPERATION_NOT_SUPPORTED', groupId, operation: `${OPERATION[change.kind]} (BITRIX24_D7_API=off)` });
  }
  const { loaders } = context;
  const callerUserId = callerIdForAudit(context);
  const [group, members] = await Promise.all([
    loaders.groupById.load(groupId),
    // A group the caller may not see makes the member list fail: that is GROUP_NOT_FOUND, decided below.
    loaders.membersByGroup.load(groupId).catch((error: unknown) => error as Error),
  ]);
  if (group && members instanceof Error) throw members;
  const checked = decideMemberChangeBeforeWrite(groupId, userId, change, group, members instanceof Error ? [] : members);
  if (!checked.ok) return checked;
  const { current } = checked.value;
  const action = actionFor(change, current);
  if (action === null) return succeed({ group: group!, userId, role: current, changed: false });

  const session = context.session();
  const batch = Promise.all([attempt(session, action, { groupId, userId }), rereadMembers(session, groupId), rereadGroup(session, groupId)]);
  let outcome: Outcome<MemberChanged, Refusals> | undefined;
  const [, , reread] = await auditedWrite(context, { operation: OPERATION[change.kind], groupId, callerUserId }, batch, ([written, membersAfter, groupAfter]) => {
    outcome = decideMemberChangeAfterWrite(groupId, userId, change, written, membersAfter, groupAfter);
    return outcome.ok ? { outcome: 'APPLIED' } : { outcome: 'REFUSED', detail: outcome.refusal.kind };
  });
  loaders.afterWrite(groupId, { group: reread });
  if (outcome!.ok) {
    const kind: GroupChangeKind = change.kind === 'REMOVE' ? 'MEMBER_REMOVED' : change.kind === 'SET_ROLE' ? 'ROLE_CHANGED' : 'OWNER_CHANGED';
    context.changes.groupChanged({ kind, groupId, userIds: [userId] });
  }
  return outcome!;
}

/** The checks: the target's current role, or a refusal. Pure. */
export function decideMemberChangeBeforeWrite(
  groupId: number,
  userId: number,
  change: MemberChange,
  group: Group | null,
  members: readonly GroupMembership[],
): { ok: true; value: { current: GroupRole } } | { ok: false; refusal: RefusalOf<'GROUP_NOT_FOUND' | 'NOT_A_MEMBER' | 'NOT_ALLOWED'> } {
  if (!group) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  const target = members.find((member) => member.userId === userId);
  // A pending request or invitation is not a membership: answer it, or cancel it, instead.
  if (!target) return refuse({ kind: 'NOT_A_MEMBER', groupId, userId });
  if (target.role === 'OWNER' && change.kind === 'SET_ROLE') {
    return refuse({ kind: 'NOT_ALLOWED', groupId, reason: 'the owner\'s role changes only by transferring the ownership to another member' });
  }
  if (target.role === 'OWNER' && change.kind === 'REMOVE') {
    return refuse({ kind: 'NOT_ALLOWED', groupId, reason: 'the owner cannot be removed; transfer the ownership first' });
  }
  return succeed({ current: target.role });
}

/** What the user's role should be after the change. */
function expectedRole(change: MemberChange): GroupRole | null {
  return change.kind === 'SET_ROLE' ? change.role : change.kind === 'REMOVE' ? null : 'OWNER';
}

/**
 * The outcome, from the action's answer and the re-read in the same batch. Pure. A 403 is Bitrix24's permission
 * decision (NotAllowed with the portal's own words); anything the re-read does not confirm is the portal's refusal.
 */
export function decideMemberChangeAfterWrite(
  groupId: number,
  userId: number,
  change: MemberChange,
  written: Attempt<boolean>,
  membersAfter: readonly GroupMembership[],
  groupAfter: Group | null,
): Outcome<MemberChanged, Refusals> {
  const operation = OPERATION[change.kind];
  if (!groupAfter) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  if (!written.ok) {
    const { kind, code, description } = written.refusal;
    if (kind === 'NOT_ALLOWED') return refuse({ kind: 'NOT_ALLOWED', groupId, reason: description });
    if (kind === 'NOT_A_MEMBER') return refuse({ kind: 'NOT_A_MEMBER', groupId, userId });
    if (kind === 'GROUP_NOT_FOUND') return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
    return refuse(portalRefused(groupId, operation, code, description));
  }
  const role = membersAfter.find((member) => member.userId === userId)?.role ?? null;
  if (written.value && role === expectedRole(change)) return succeed({ group: groupAfter, userId, role, changed: true });
  return refuse(portalRefused(groupId, operation, '', written.value ? 'Bitrix24 answered true but the change is not there' : 'Bitrix24 answered false'));
}
