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
 */
import type { Group, GroupStanding } from '../bitrix24/index.js';
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

/** null: the group is no longer visible to the caller (it vanished, or turned secret, between two reads). */
async function standingOf(context: WorkgroupContext, group: Group): Promise<ViewerStanding | null> {
  if (context.d7Api) {
    const standing = await context.loaders.standing.load(group.id);
    return standing ? fromStanding(standing) : null;
  }
  const mine = await context.loaders.viewerGroups();
  return fromLegacy(group, mine.find((membership) => membership.groupId === group.id)?.role ?? null);
}

export async function viewerStatus(context: WorkgroupContext, group: Group): Promise<ViewerGroupStatus> {
  return (await standingOf(context, group))?.relation.status ?? 'NONE';
}

export async function viewerPermissions(context: WorkgroupContext, group: Group): Promise<GroupViewerPermissions> {
  const standing = await standingOf(context, group);
  if (!standing) return NO_PERMISSIONS;
  // The caller's id and admin rights are not read: either would add a call to every page of groups (docs/lifecycle.md).
  return viewerCan(standing.relation, standing.settings, { userId: null, isAdmin: false, d7: context.d7Api });
}
