/**
 * `Group.viewerStatus` and `Group.viewerCan`: the caller's relation to a group and what they may do in it.
 *
 * BITRIX24_D7_API=on: from the caller's standing (`socialnetwork.api.workgroup.get` with USER_DATA and ACTIONS, one
 * call per group, every group of one GraphQL level in one batch): pending requests and invitations included,
 * INITIATE_PERMS known, ACTIONS.LEAVE for who may leave.
 * BITRIX24_D7_API=off: from the caller's own groups (`sonet_group.user.groups`, one call for all groups): owner,
 * moderator and member only. A pending request or invitation cannot be seen there, so such a caller is NONE; and
 * INITIATE_PERMS is unknown, so inviting is offered to the owner alone.
 * What no portal tells: whether the caller is a socialnetwork module administrator (viewerCan answers as for anyone
 * else), and whether they are a project's scrum master (only the rights they share with everyone are offered).
 *
 * The moderators' operations check through the same path (readPermissionFacts, permissionsFrom), read with their
 * other checks in one batch: no second decision. Where Bitrix24 decides nothing, the gateway's decision is the gate:
 * the D7 `usertogroup.list` checks no permission, so `processRequests` (the core check of acceptRequest/denyRequest:
 * INITIATE_PERMS A → only the owner; E → owner or moderators; K → any member) decides who may see a group's pending
 * requests, before any such call. It fails closed: module administrators who hold no role in the group are refused
 * (REST cannot tell who they are).
 */
import type { Group, GroupGateFacts, GroupStanding, ViewerGroup } from '../bitrix24/index.js';
import type { WorkgroupContext } from './context.js';
import { NO_PERMISSIONS, viewerCan, type GroupSettings, type GroupViewerPermissions, type ViewerGroupStatus, type ViewerRelation } from './permissions.js';

export interface ViewerStanding {
  relation: ViewerRelation;
  settings: GroupSettings;
}

/**
 * AUTO_MEMBER of a member or moderator, from ACTIONS.LEAVE: Bitrix24 refuses to let a member or moderator leave when
 * they are kept by department sync or are the scrum master. With no scrum master, false means kept by sync; with
 * one, the two cannot be told apart without the caller's id (null). Pure.
 */
export function autoMemberFrom(standing: Pick<GroupStanding, 'relation' | 'mayLeave' | 'scrumMasterId'>): boolean | null {
  if (standing.relation !== 'MEMBER' && standing.relation !== 'MODERATOR') return false;
  if (standing.mayLeave) return false;
  return standing.scrumMasterId === null ? true : null;
}

/** D7 on: relation and settings from the standing read. Pure. */
export function fromStanding(standing: GroupStanding): ViewerStanding {
  return {
    relation: { status: standing.relation, autoMember: autoMemberFrom(standing) },
    settings: {
      initiatePerms: standing.initiatePerms,
      isActive: standing.isActive,
      isVisible: standing.isVisible,
      isOpen: standing.isOpen,
      isArchived: standing.isArchived,
      ownerId: standing.ownerId,
      scrumMasterId: standing.scrumMasterId,
    },
  };
}

/** D7 off: the caller's role from their own groups, the settings the legacy group row carries. Pure. */
export function fromLegacy(group: Group, role: ViewerGroupStatus | null): ViewerStanding {
  return {
    relation: { status: role ?? 'NONE', autoMember: null },
    settings: {
      initiatePerms: null,
      isActive: group.isActive,
      isVisible: group.isVisible,
      isOpen: group.isOpen,
      isArchived: group.isArchived,
      ownerId: group.ownerId,
      scrumMasterId: null,
    },
  };
}

/**
 * What the decision is made from: D7 on, the caller's relation and the group's settings (the per-group standing, or
 * the page's mirror read, which has no ACTIONS.LEAVE); D7 off, the caller's own groups.
 */
export type PermissionFacts = { d7: true; standing: GroupGateFacts | null } | { d7: false; viewerGroups: ViewerGroup[] };

/** Queues the read the decision needs; call it in the same tick as the other checks, so all leave in one batch. */
export function readPermissionFacts(context: WorkgroupContext, groupId: number): Promise<PermissionFacts> {
  if (context.d7Api) return context.loaders.standing.load(groupId).then((standing) => ({ d7: true, standing }));
  return context.loaders.viewerGroups().then((viewerGroups) => ({ d7: false, viewerGroups }));
}

/** null: the group is no longer visible to the caller (it vanished, or turned secret, between two reads). Pure. */
function standingFrom(group: Group, facts: PermissionFacts): ViewerStanding | null {
  if (facts.d7) {
    if (!facts.standing) return null;
    // Without ACTIONS.LEAVE (a mirror row), whether a member is kept by department sync is not known: no leave.
    return fromStanding({ mayLeave: false, ...facts.standing });
  }
  return fromLegacy(group, facts.viewerGroups.find((membership) => membership.groupId === group.id)?.role ?? null);
}

/** What the caller may do in the group, from the facts read. Pure. */
export function permissionsFrom(group: Group, facts: PermissionFacts): GroupViewerPermissions {
  const standing = standingFrom(group, facts);
  if (!standing) return NO_PERMISSIONS;
  // The caller's id and admin rights are not read: either would add a call to every page of groups (docs/lifecycle.md).
  return viewerCan(standing.relation, standing.settings, { userId: null, isAdmin: false, d7: facts.d7 });
}

export async function viewerStatus(context: WorkgroupContext, group: Group): Promise<ViewerGroupStatus> {
  return standingFrom(group, await readPermissionFacts(context, group.id))?.relation.status ?? 'NONE';
}

export async function viewerPermissions(context: WorkgroupContext, group: Group): Promise<GroupViewerPermissions> {
  return permissionsFrom(group, await readPermissionFacts(context, group.id));
}
