/**
 * requestMembership: the caller asks to join a group (legacy `sonet_group.user.request`). Two upstream requests:
 *   1. the checks, in one batch: the group as the caller sees it, and the caller's groups;
 *   2. the write and its re-read, in one batch, in this order: Bitrix24 runs a batch's commands in order, so the
 *      re-read sees the write. The outcome (JOINED or REQUESTED) and the payload's group come from the re-read.
 * The batch carrying the write is a write: the client never retries it after an ambiguous failure.
 */
import { attempt, invoke, methods, type Attempt, type Group, type MembershipRequestStatus, type ViewerGroup } from '../bitrix24/index.js';
import type { WorkgroupContext } from './context.js';
import { portalRefused } from './caller-action.js';
import { refuse, succeed, type Outcome, type RefusalOf } from './refusals.js';

export const REQUEST_MEMBERSHIP_REFUSALS = ['GROUP_NOT_FOUND', 'ALREADY_MEMBER', 'PORTAL_REFUSED'] as const;
type Refusals = (typeof REQUEST_MEMBERSHIP_REFUSALS)[number];

export interface RequestMembershipInput {
  groupId: number;
  message: string | null | undefined;
}

export interface MembershipRequested {
  status: MembershipRequestStatus;
  /** The group as re-read right after the write. */
  group: Group;
}

export async function requestMembership(context: WorkgroupContext, input: RequestMembershipInput): Promise<Outcome<MembershipRequested, Refusals>> {
  const { groupId } = input;
  const { loaders } = context;
  // The relation check must come before the write: sonet_group.user.request is an upsert that would overwrite an
  // existing membership, even an owner's. Both reads leave in one HTTP request (same tick).
  const [group, viewerGroups] = await Promise.all([loaders.groupById.load(groupId), loaders.viewerGroups()]);
  const refusal = decideBeforeWrite(groupId, group, viewerGroups);
  if (refusal) return refusal;

  const session = context.session();
  // Queued in this order, in one tick: one batch, the write first.
  const [written, after, afterGroups] = await Promise.all([
    attempt(session, methods.sonetGroupUserRequest, { groupId, message: input.message ?? '' }),
    invoke(session, methods.sonetGroupGet, { filter: { ID: [groupId] } }),
    invoke(session, methods.sonetGroupUserGroups, undefined),
  ]);
  const reread = after.groups.find((row) => row.id === groupId) ?? null;
  loaders.afterWrite(groupId, { group: reread, viewerGroups: afterGroups });
  const outcome = decideAfterWrite(groupId, written, reread, afterGroups);
  if (outcome.ok) {
    const kind = outcome.value.status === 'JOINED' ? 'MEMBER_JOINED' : 'MEMBERSHIP_REQUESTED';
    context.changes.groupChanged({ kind, groupId, userIds: [] });
  }
  return outcome;
}

/** The checks, before anything is written: a refusal, or null to go ahead. Pure. */
export function decideBeforeWrite(
  groupId: number,
  group: Group | null,
  viewerGroups: readonly ViewerGroup[],
): { ok: false; refusal: RefusalOf<'GROUP_NOT_FOUND' | 'ALREADY_MEMBER'> } | null {
  if (!group) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  const existing = viewerGroups.find((membership) => membership.groupId === groupId);
  // Any relation sonet_group.user.request would overwrite: owner, moderator or member.
  if (existing) return refuse({ kind: 'ALREADY_MEMBER', groupId, role: existing.role });
  return null;
}

/**
 * The outcome, from the write's answer and the re-read that ran right after it in the same batch. Pure.
 * The portal's `error: ""` comes with localized text, so which refusal it was is decided by the re-read: a group
 * the caller no longer sees is GROUP_NOT_FOUND; anything else stays the portal's refusal, with its own words.
 */
export function decideAfterWrite(
  groupId: number,
  written: Attempt<boolean>,
  reread: Group | null,
  viewerGroupsAfter: readonly ViewerGroup[],
): Outcome<MembershipRequested, Refusals> {
  if (!reread) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  if (!written.ok) {
    const { code, description } = written.refusal;
    return refuse(portalRefused(groupId, 'requestMembership', code, description));
  }
  if (!written.value) {
    return refuse(portalRefused(groupId, 'requestMembership', '', 'Bitrix24 answered false'));
  }
  // Legacy lists show owners, moderators and members only: present means JOINED; absent after a successful write
  // means the request is pending.
  const joined = viewerGroupsAfter.some((membership) => membership.groupId === groupId);
  return succeed({ status: joined ? 'JOINED' : 'REQUESTED', group: reread });
}
