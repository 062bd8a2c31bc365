/**
 * What the caller may do in a group (`Group.viewerCan`), decided from the caller's relation to the group and the
 * group's settings. Pure: the same facts always give the same answer, and a table test pins every field
 * (test/unit/workgroups/permissions.test.ts). The rules are Bitrix24's own, as docs/lifecycle.md describes them
 * (the permission matrix of the socialnetwork module: AccessManager, the core request checks, the legacy methods).
 *
 * Where a fact is unknown (null), the decision fails closed: a button that might not work is not offered. An unknown
 * INITIATE_PERMS leaves the rights it governs to the owner alone (who satisfies every setting); an unknown
 * AUTO_MEMBER flag lets no one leave.
 */

/** The caller's relation to a group. REQUEST_PENDING and INVITATION_PENDING are Bitrix24's Z role, by initiator. */
export type ViewerGroupStatus = 'OWNER' | 'MODERATOR' | 'MEMBER' | 'REQUEST_PENDING' | 'INVITATION_PENDING' | 'NONE';

export const VIEWER_GROUP_STATUSES: readonly ViewerGroupStatus[] = ['OWNER', 'MODERATOR', 'MEMBER', 'REQUEST_PENDING', 'INVITATION_PENDING', 'NONE'];

/** Bitrix24's INITIATE_PERMS (A, E, K): the lowest role that may invite and, by the core check, process requests. */
export type InitiatePermission = 'OWNER' | 'MODERATOR' | 'MEMBER';

export interface ViewerRelation {
  status: ViewerGroupStatus;
  /** AUTO_MEMBER: a member kept by department sync, who cannot leave on their own. null: not known. */
  autoMember: boolean | null;
}

/** The group's settings that bear on permissions. */
export interface GroupSettings {
  /** null: the portal did not say (the legacy `sonet_group.get` has no INITIATE_PERMS). */
  initiatePerms: InitiatePermission | null;
  isActive: boolean;
  isVisible: boolean;
  isOpen: boolean;
  /** CLOSED = Y in Bitrix24's words. */
  isArchived: boolean;
  ownerId: number | null;
  /** A project's scrum master has the owner's rights to modify it, and cannot leave. null: none, or not known. */
  scrumMasterId: number | null;
}

/** What is known of the caller and the portal surface the gateway may use. */
export interface ViewerFacts {
  /** null: not known (then no rule that depends on who the caller is applies, except through `status`). */
  userId: number | null;
  /**
   * A socialnetwork module administrator. Pass false when not known. It grants the legacy methods' admin bypass
   * (edit, delete, invite) and the core request check's (process requests), never the D7 AccessManager's: over
   * REST it has no admin session, so the D7 checks treat an admin as anyone else (docs/lifecycle.md).
   */
  isAdmin: boolean;
  /** BITRIX24_D7_API: the undocumented `socialnetwork.api.usertogroup.*` actions may be called. */
  d7: boolean;
}

export interface GroupViewerPermissions {
  /** Ask to join, or join an open group (legacy `sonet_group.user.request`). */
  requestMembership: boolean;
  /** Withdraw one's own pending request (D7 `cancelIncomingRequest`). */
  cancelRequest: boolean;
  /** Leave the group (D7 `leave`). */
  leave: boolean;
  /** Accept a pending invitation (D7 `acceptOutgoingRequest`). */
  acceptInvitation: boolean;
  /** Decline a pending invitation (D7 `rejectOutgoingRequest`). */
  declineInvitation: boolean;
  /** Invite others (legacy `sonet_group.user.invite`, by INITIATE_PERMS). */
  invite: boolean;
  /** See and answer the group's pending requests (D7 `usertogroup.list`, `acceptRequest`, `denyRequest`). */
  processRequests: boolean;
  /** Promote, demote, remove members, move ownership (D7 `setModerator`, `removeModerator`, `exclude`, `setOwner`). */
  manageMembers: boolean;
  /** Edit, archive or unarchive the group (legacy `sonet_group.update`). */
  edit: boolean;
  /** Delete the group (legacy `sonet_group.delete`). */
  delete: boolean;
}

export const GROUP_VIEWER_PERMISSION_FIELDS = [
  'requestMembership',
  'cancelRequest',
  'leave',
  'acceptInvitation',
  'declineInvitation',
  'invite',
  'processRequests',
  'manageMembers',
  'edit',
  'delete',
] as const satisfies readonly (keyof GroupViewerPermissions)[];

const MEMBER_STATUSES: ReadonlySet<ViewerGroupStatus> = new Set(['OWNER', 'MODERATOR', 'MEMBER']);

/** The caller's status satisfies an INITIATE_PERMS setting: A only the owner, E owner or moderators, K any member. */
export function satisfiesInitiatePerms(perms: InitiatePermission | null, status: ViewerGroupStatus): boolean {
  if (status === 'OWNER') return true;
  if (perms === 'MODERATOR') return status === 'MODERATOR';
  if (perms === 'MEMBER') return status === 'MODERATOR' || status === 'MEMBER';
  // OWNER, or not known: only the owner, who satisfies every setting.
  return false;
}

export function viewerCan(relation: ViewerRelation, group: GroupSettings, viewer: ViewerFacts): GroupViewerPermissions {
  const { status } = relation;
  const isOwner = status === 'OWNER';
  const isMember = MEMBER_STATUSES.has(status);
  const isScrumMaster = viewer.userId !== null && group.scrumMasterId !== null && group.scrumMasterId === viewer.userId;
  // canModify of the D7 AccessManager, without the admin bypass (REST has no admin session).
  const canModifyD7 = isOwner || isScrumMaster;
  return {
    // Bitrix24 offers JOIN only to a caller without a relation, in a visible, active, unarchived group. The legacy
    // write is an upsert: a pending request or invitation would be overwritten, so those get their own buttons.
    requestMembership: status === 'NONE' && group.isVisible && group.isActive && !group.isArchived,
    cancelRequest: viewer.d7 && status === 'REQUEST_PENDING',
    // canLeave: a member or moderator (the owner must hand ownership over first), not kept by department sync
    // (unknown counts as kept: fail closed), not the scrum master.
    leave: viewer.d7 && (status === 'MEMBER' || status === 'MODERATOR') && relation.autoMember === false && !isScrumMaster,
    acceptInvitation: viewer.d7 && status === 'INVITATION_PENDING',
    declineInvitation: viewer.d7 && status === 'INVITATION_PENDING',
    // canCurrentUserInitiate: admins and scrum masters always, others by INITIATE_PERMS.
    invite: viewer.isAdmin || isScrumMaster || (isMember && satisfiesInitiatePerms(group.initiatePerms, status)),
    // The core check of ConfirmRequestToBeMember / RejectRequestToBeMember: admin, or by INITIATE_PERMS, where A
    // means the group's OWNER_ID. Listing requests has no upstream check at all, so this is the gateway's gate.
    processRequests:
      viewer.d7 &&
      (viewer.isAdmin ||
        (isMember && satisfiesInitiatePerms(group.initiatePerms, status) && (group.initiatePerms !== 'OWNER' || isOwnerById(group, viewer, isOwner)))),
    // setModerator / removeModerator / exclude / setOwner: canModify, and (for roles and ownership) not archived.
    manageMembers: viewer.d7 && canModifyD7 && !group.isArchived,
    // sonet_group.update: the owner, the scrum master, or an admin; archiving and unarchiving are updates too.
    edit: viewer.isAdmin || isOwner || isScrumMaster,
    // sonet_group.delete: the owner or an admin.
    delete: viewer.isAdmin || isOwner,
  };
}

/** INITIATE_PERMS = A lets only the group's OWNER_ID process requests; the caller's OWNER status says the same. */
function isOwnerById(group: GroupSettings, viewer: ViewerFacts, isOwner: boolean): boolean {
  if (viewer.userId !== null && group.ownerId !== null) return group.ownerId === viewer.userId;
  return isOwner;
}

/** Every field false: what a caller may do in a group they cannot see. */
export const NO_PERMISSIONS: Readonly<GroupViewerPermissions> = Object.freeze(
  Object.fromEntries(GROUP_VIEWER_PERMISSION_FIELDS.map((field) => [field, false])) as unknown as GroupViewerPermissions,
);
