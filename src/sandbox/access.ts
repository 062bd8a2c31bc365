/**
 * Who may do what in a workgroup: the permission decisions of Bitrix24's socialnetwork module, as pure functions
 * (docs/sandbox is in src/sandbox/README.md; the rules are those of the AccessManager, the core user-to-group
 * checks and the legacy REST methods). Each takes plain records, so a table test pins it.
 */
import type { GroupRecord, RelationRecord } from './store.js';

/** The caller as a permission check sees them. */
export interface Actor {
  userId: number;
  /** Module admin. The D7 AccessManager checks get `false` here: see `D7_ADMIN_BYPASS`. */
  isAdmin: boolean;
}

/**
 * The D7 AccessManager asks `isCurrentUserModuleAdmin(SITE_ID, checkSession=true)`, which is false without the UI's
 * admin session, so over REST an administrator gets no bypass in the D7 checks (the reference's "admin bypass
 * caveat", not verified live). The sandbox follows that reading: every D7 check runs with `isAdmin: false`.
 * The core request checks (accept/deny) and the legacy `sonet_group.*` methods keep the admin bypass.
 */
export const D7_ADMIN_BYPASS = false;

type Rel = Pick<RelationRecord, 'role' | 'initiatedByType' | 'initiatedByUserId' | 'autoMember' | 'userId'> | undefined;
type Group = Pick<GroupRecord, 'ownerId' | 'initiatePerms' | 'closed' | 'visible' | 'scrumMasterId'>;

export const isMemberRole = (role: string | undefined): boolean => role === 'A' || role === 'E' || role === 'K';

/** canModify (protocol §6.5): admin, the owner (A), or the project's scrum master. */
export function canModify(group: Group, callerRel: Rel, actor: Actor): boolean {
  return actor.isAdmin || callerRel?.role === 'A' || (group.scrumMasterId > 0 && group.scrumMasterId === actor.userId);
}

/** canCurrentUserInitiate (protocol §6.5): who may invite, by INITIATE_PERMS; admins and scrum masters always. */
export function canInitiate(group: Group, callerRel: Rel, actor: Actor): boolean {
  if (actor.isAdmin || (group.scrumMasterId > 0 && group.scrumMasterId === actor.userId)) return true;
  return roleSatisfies(group.initiatePerms, callerRel?.role);
}

/**
 * The core check of ConfirmRequestToBeMember / RejectRequestToBeMember (protocol §9.4, §9.6): site or module admin,
 * or by INITIATE_PERMS: A → only the group's OWNER_ID; E → the owner or a moderator; K → any member.
 */
export function canProcessIncomingRequests(group: Group, callerRel: Rel, actor: Actor): boolean {
  if (actor.isAdmin) return true;
  if (group.initiatePerms === 'A') return group.ownerId === actor.userId;
  return roleSatisfies(group.initiatePerms, callerRel?.role);
}

function roleSatisfies(perms: 'A' | 'E' | 'K', role: string | undefined): boolean {
  if (perms === 'A') return role === 'A';
  if (perms === 'E') return role === 'A' || role === 'E';
  return isMemberRole(role);
}

/**
 * Access::canJoin: the group is visible (or the caller is admin), the caller has no relation or a pending invitation
 * (Z/G), and the group is not archived ("work with closed groups" is off in the sandbox).
 */
export function canJoin(group: Group, callerRel: Rel, actor: Actor): boolean {
  if (group.visible !== 'Y' && !actor.isAdmin) return false;
  if (group.closed === 'Y') return false;
  return callerRel === undefined || (callerRel.role === 'Z' && callerRel.initiatedByType === 'G');
}

/** canLeave: the caller is K or E, not kept by department sync, not the scrum master. The owner cannot leave. */
export function canLeave(group: Group, callerRel: Rel, actor: Actor): boolean {
  if (!callerRel || (callerRel.role !== 'K' && callerRel.role !== 'E')) return false;
  if (callerRel.autoMember === 'Y') return false;
  return !(group.scrumMasterId > 0 && group.scrumMasterId === actor.userId);
}

/** canDeleteIncomingRequest: the target relation is a request (Z/U) and the caller is admin or made it. */
export function canDeleteIncomingRequest(target: Rel, actor: Actor): boolean {
  if (!target || target.role !== 'Z' || target.initiatedByType !== 'U') return false;
  return actor.isAdmin || target.initiatedByUserId === actor.userId;
}

/** canDeleteOutgoingRequest: the target is an invitation (Z/G) and the caller may invite or sent it. */
export function canDeleteOutgoingRequest(group: Group, target: Rel, callerRel: Rel, actor: Actor): boolean {
  if (!target || target.role !== 'Z' || target.initiatedByType !== 'G') return false;
  return canInitiate(group, callerRel, actor) || target.initiatedByUserId === actor.userId;
}

/** canSetModerator: the target is a plain member (K); the caller can modify; the group is not archived. */
export function canSetModerator(group: Group, target: Rel, callerRel: Rel, actor: Actor): boolean {
  return target?.role === 'K' && canModify(group, callerRel, actor) && group.closed !== 'Y';
}

/** canRemoveModerator: the target is a moderator (E), not the caller, not the scrum master; as setModerator. */
export function canRemoveModerator(group: Group, target: Rel, callerRel: Rel, actor: Actor): boolean {
  if (target?.role !== 'E' || target.userId === actor.userId) return false;
  if (group.scrumMasterId > 0 && group.scrumMasterId === target.userId) return false;
  return canModify(group, callerRel, actor) && group.closed !== 'Y';
}

/** canExclude: the caller can modify; the target is K or E, not kept by department sync, not the caller, not the scrum master. */
export function canExclude(group: Group, target: Rel, callerRel: Rel, actor: Actor): boolean {
  if (!target || (target.role !== 'K' && target.role !== 'E')) return false;
  if (target.autoMember === 'Y' || target.userId === actor.userId) return false;
  if (group.scrumMasterId > 0 && group.scrumMasterId === target.userId) return false;
  return canModify(group, callerRel, actor);
}
