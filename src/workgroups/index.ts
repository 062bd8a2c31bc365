/** The use cases' public entry: what src/schema/ and src/http/ import. Free of GraphQL. */
export { createLoaders, type LoaderFactory, type Loaders } from './loaders.js';
export type { WorkgroupContext } from './context.js';
export { NO_CHANGE_SINK, type ChangeSink, type GroupChange, type GroupChangeKind } from './changes.js';
export type { Outcome, Refusal, RefusalOf } from './refusals.js';
export { decideAfterWrite, decideBeforeWrite, requestMembership, REQUEST_MEMBERSHIP_REFUSALS, type MembershipRequested, type RequestMembershipInput } from './request-membership.js';
export { NO_WRITE_AUDIT, type WriteAudit, type WriteRecord } from './audit.js';
export { listMembershipRequests, MAX_REQUESTS_PAGE, type MembershipRequest, type MembershipRequestPage } from './membership-requests.js';
export { mayInvite, mayProcessRequests } from './moderation-rules.js';
export { acceptMembershipRequest, ANSWER_REQUEST_REFUSALS, decideAnswerAfterWrite, decideAnswerBeforeWrite, denyMembershipRequest, type RequestAnswered } from './answer-request.js';
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
  decideGroupWrite,
  deleteGroup,
  DELETE_GROUP_REFUSALS,
  unarchiveGroup,
  updateGroup,
  UPDATE_GROUP_REFUSALS,
  type GroupDeleted,
  type GroupWritten,
} from './group-settings.js';
