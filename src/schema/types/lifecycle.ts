/**
 * The caller's side of the membership lifecycle: `Group.viewerStatus`, `Group.viewerCan`, and the mutations
 * cancelGroupMembershipRequest, leaveGroup, acceptGroupInvitation, declineGroupInvitation. Thin: each maps a use
 * case of src/workgroups/ onto its GraphQL types. docs/lifecycle.md says which Bitrix24 method each one uses.
 */
import {
  acceptInvitation,
  ANSWER_INVITATION_REFUSALS,
  CANCEL_MEMBERSHIP_REQUEST_REFUSALS,
  cancelMembershipRequest,
  declineInvitation,
  GROUP_VIEWER_PERMISSION_FIELDS,
  LEAVE_GROUP_REFUSALS,
  leaveGroup,
  viewerPermissions,
  viewerStatus,
  type CallerActionDone,
  type GroupViewerPermissions,
  type Outcome,
} from '../../workgroups/index.js';
import type { RefusalKind } from '../../bitrix24/index.js';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { parseId } from '../ids.js';
import { unwrap, workgroupErrorTypes } from '../workgroup-errors.js';
import { GroupRef } from './group.js';

const NO_D7 = 'With BITRIX24_D7_API=off this cannot be seen and the caller is NONE.';

export const ViewerGroupStatusEnum = builder.enumType('ViewerGroupStatus', {
  description:
    'The caller\'s relation to a group. With BITRIX24_D7_API=on (the default) it is exact, pending requests and ' +
    'invitations included. With BITRIX24_D7_API=off the portal is read through its documented legacy methods only, ' +
    'which list owners, moderators and members: a caller with a pending request or invitation is NONE then. A secret ' +
    'group is never shown to a caller with only a pending invitation to it (Bitrix24 shows it to members only).',
  values: {
    OWNER: { value: 'OWNER', description: 'Owns the group.' },
    MODERATOR: { value: 'MODERATOR', description: 'Moderates the group.' },
    MEMBER: { value: 'MEMBER', description: 'A plain member.' },
    REQUEST_PENDING: { value: 'REQUEST_PENDING', description: `Asked to join; the request awaits approval. ${NO_D7}` },
    INVITATION_PENDING: { value: 'INVITATION_PENDING', description: `Invited; the invitation awaits the caller's answer. ${NO_D7}` },
    NONE: { value: 'NONE', description: 'No relation (or, with BITRIX24_D7_API=off, possibly a pending request or invitation).' },
  } as const,
});

const PERMISSION_DESCRIPTIONS: Record<keyof GroupViewerPermissions, string> = {
  requestMembership: 'requestGroupMembership would join or file a request (no relation yet, group visible, active, not archived).',
  cancelRequest: 'cancelGroupMembershipRequest would withdraw the caller\'s pending request.',
  leave: 'leaveGroup would work: a member or moderator, not the owner, not kept by department sync, not the scrum master.',
  acceptInvitation: 'acceptGroupInvitation would work: the caller has a pending invitation.',
  declineInvitation: 'declineGroupInvitation would work: the caller has a pending invitation.',
  invite: 'The caller may invite others, by the group\'s "who may invite" setting (owner, moderators, or all members).',
  processRequests: 'The caller may see and answer pending join requests: by the same setting (only the owner when it is "owner").',
  manageMembers: 'The caller may promote, demote and remove members and move ownership: the owner, in a group not archived.',
  edit: 'The caller may edit, archive and unarchive the group: the owner.',
  delete: 'The caller may delete the group: the owner.',
};

const GroupViewerPermissionsRef = builder.objectRef<GroupViewerPermissions>('GroupViewerPermissions').implement({
  description:
    'What the caller may do in a group, from their relation and the group\'s settings, so that a frontend shows only ' +
    'buttons that will work. Where the portal does not tell, the answer is false (fail closed): module administrators ' +
    'and a project\'s scrum master are answered as anyone else, and with BITRIX24_D7_API=off every operation that needs ' +
    'the D7 API is false and inviting/processing requests are offered to the owner alone.',
  fields: (t) =>
    Object.fromEntries(
      GROUP_VIEWER_PERMISSION_FIELDS.map((field) => [field, t.exposeBoolean(field, { description: PERMISSION_DESCRIPTIONS[field] })]),
    ) as { [K in keyof GroupViewerPermissions]: ReturnType<typeof t.exposeBoolean> },
});

builder.objectFields(GroupRef, (t) => ({
  viewerStatus: t.field({
    type: ViewerGroupStatusEnum,
    description:
      'The caller\'s relation to this group (see ViewerGroupStatus for what each portal setting can tell). On a page ' +
      'of groups it costs one batch request for up to 50 groups, shared with whatever else that level reads.',
    resolve: (group, _args, context) => viewerStatus(context, group),
  }),
  viewerCan: t.field({
    type: GroupViewerPermissionsRef,
    description: 'What the caller may do in this group. Read with viewerStatus, it costs nothing more.',
    resolve: (group, _args, context) => viewerPermissions(context, group),
  }),
}));

/** One success type per mutation, all carrying the group afterwards and the caller's new status. */
function successType(name: string, description: string) {
  return builder.objectRef<CallerActionDone>(name).implement({
    description,
    isTypeOf: (value) => typeof value === 'object' && value !== null && 'viewerStatus' in value && !(value instanceof Error),
    fields: (t) => ({
      group: t.field({
        type: GroupRef,
        nullable: true,
        description:
          'The group as it is after the operation (read again in the same batch as the write). null when it is secret ' +
          'and the caller does not belong to it now.',
        resolve: (done) => done.group,
      }),
      viewerStatus: t.field({
        type: ViewerGroupStatusEnum,
        description: 'The caller\'s relation to the group after the operation, from the re-read.',
        resolve: (done) => done.viewerStatus,
      }),
    }),
  });
}

type UseCase = (context: GatewayContext, input: { groupId: number }) => Promise<Outcome<CallerActionDone, RefusalKind>>;

/** A caller's mutation: `<name>(groupId: ID!): <Name>Result`, the union of `<Name>Success` and the use case's refusals. */
function callerMutation(options: {
  field: string;
  typeName: string;
  operation: string;
  refusals: readonly RefusalKind[];
  useCase: UseCase;
  description: string;
  success: string;
}) {
  const Success = successType(`${options.typeName}Success`, options.success);
  builder.mutationField(options.field, (t) =>
    t.field({
      type: Success,
      description: options.description,
      errors: { types: workgroupErrorTypes(options.operation, options.refusals), union: { name: `${options.typeName}Result` } },
      args: { groupId: t.arg.id({ required: true }) },
      resolve: async (_root, args, context) => {
        const groupId = parseId(args.groupId, 'groupId');
        return unwrap(options.operation, await options.useCase(context, { groupId }));
      },
    }),
  );
}

const COST = 'At most 2 upstream requests: one batch of checks, one batch with the write and its re-read. Needs BITRIX24_D7_API=on.';

callerMutation({
  field: 'cancelGroupMembershipRequest',
  typeName: 'CancelGroupMembershipRequest',
  operation: 'cancelMembershipRequest',
  refusals: CANCEL_MEMBERSHIP_REQUEST_REFUSALS,
  useCase: cancelMembershipRequest,
  description: `Withdraws the caller's pending request to join a group (Bitrix24 socialnetwork.api.usertogroup.cancelIncomingRequest, undocumented). ${COST}`,
  success: 'The request is withdrawn; the caller\'s status is NONE.',
});

callerMutation({
  field: 'leaveGroup',
  typeName: 'LeaveGroup',
  operation: 'leaveGroup',
  refusals: LEAVE_GROUP_REFUSALS,
  useCase: leaveGroup,
  description:
    'The caller leaves a group they are a member or moderator of (Bitrix24 socialnetwork.api.usertogroup.leave, ' +
    `undocumented). The owner, a member kept by department sync and a project's scrum master cannot. ${COST}`,
  success: 'The caller left the group; their status is NONE.',
});

callerMutation({
  field: 'acceptGroupInvitation',
  typeName: 'AcceptGroupInvitation',
  operation: 'acceptInvitation',
  refusals: ANSWER_INVITATION_REFUSALS,
  useCase: acceptInvitation,
  description:
    'Accepts the caller\'s pending invitation to a group (Bitrix24 socialnetwork.api.usertogroup.acceptOutgoingRequest, ' +
    `undocumented). Works for secret groups too, which an invitee cannot see before accepting. ${COST}`,
  success: 'The caller is now a member.',
});

callerMutation({
  field: 'declineGroupInvitation',
  typeName: 'DeclineGroupInvitation',
  operation: 'declineInvitation',
  refusals: ANSWER_INVITATION_REFUSALS,
  useCase: declineInvitation,
  description:
    'Declines the caller\'s pending invitation to a group (Bitrix24 socialnetwork.api.usertogroup.rejectOutgoingRequest, ' +
    `undocumented). ${COST}`,
  success: 'The invitation is deleted; the caller\'s status is NONE.',
});
