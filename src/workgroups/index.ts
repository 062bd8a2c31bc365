/** The use cases' public entry: what src/schema/ and src/http/ import. Free of GraphQL. */
export { createLoaders, type LoaderFactory, type Loaders } from './loaders.js';
export type { WorkgroupContext } from './context.js';
export { NO_CHANGE_SINK, type ChangeSink, type GroupChange, type GroupChangeKind } from './changes.js';
export type { Outcome, Refusal, RefusalOf } from './refusals.js';
export { decideAfterWrite, decideBeforeWrite, requestMembership, REQUEST_MEMBERSHIP_REFUSALS, type MembershipRequested, type RequestMembershipInput } from './request-membership.js';
export {
  GROUP_VIEWER_PERMISSION_FIELDS,
  NO_PERMISSIONS,
  satisfiesInitiatePerms,
  VIEWER_GROUP_STATUSES,
  viewerCan,
  type GroupSettings,
  type GroupViewerPermissions,
  type InitiatePermission,
  type ViewerFacts,
  type ViewerGroupStatus,
  type ViewerRelation,
} from './permissions.js';
export {
  autoMemberFrom,
  fromLegacy,
  fromStanding,
  permissionsFrom,
  readPermissionFacts,
  viewerPermissions,
  viewerStatus,
  type PermissionFacts,
  type ViewerStanding,
} from './viewer-status.js';
export { confirmByReread, type AfterWrite, type CallerActionDone } from './caller-action.js';
export { CANCEL_MEMBERSHIP_REQUEST_REFUSALS, cancelMembershipRequest, decideCancelAfterWrite, decideCancelBeforeWrite } from './cancel-membership-request.js';
export { decideLeaveAfterWrite, decideLeaveBeforeWrite, LEAVE_GROUP_REFUSALS, leaveGroup } from './leave-group.js';
export { acceptInvitation, ANSWER_INVITATION_REFUSALS, decideAnswerAfterWrite, decideAnswerBeforeWrite, declineInvitation } from './answer-invitation.js';
export type { WriteAudit } from './audit.js';
export { listMembershipRequests, lookAheadForGroup, lookAheadForPage, MAX_REQUESTS_PAGE, type MembershipRequest } from './membership-requests.js';
export { acceptMembershipRequest, ANSWER_REQUEST_REFUSALS, decideRequestAnswerAfterWrite, decideRequestAnswerBeforeWrite, denyMembershipRequest, type RequestAnswered } from './answer-request.js';
export { decideInvitations, inviteToGroup, INVITE_TO_GROUP_REFUSALS, planInvitations, type InvitationSkip, type InvitationSkipReason, type InvitationsSent } from './invite-to-group.js';
export {
  actionFor,
  decideMemberChangeAfterWrite,
  decideMemberChangeBeforeWrite,
  MEMBER_CHANGE_REFUSALS,
  removeMember,
  setMemberRole,
  transferOwnership,
  type MemberChanged,
} from './member-changes.js';
export {
  archiveGroup,
  changedFields,
  createGroup,
  CREATE_GROUP_REFUSALS,
  decideDelete,
  deleteGroup,
  DELETE_GROUP_REFUSALS,
  unarchiveGroup,
  updateGroup,
  UPDATE_GROUP_REFUSALS,
  type GroupDeleted,
  type GroupWritten,
} from './group-settings.js';
