/**
 * The moderators' side of a group: its pending requests (Group.membershipRequests), answering them, invitations,
 * roles, removal and the ownership. Thin: each mutation validates its arguments (BAD_USER_INPUT, before any upstream
 * call) and maps its use case's outcome onto its `<Name>Result` union.
 */
import type { Group } from '../../bitrix24/index.js';
import {
  acceptMembershipRequest,
  ANSWER_REQUEST_REFUSALS,
  denyMembershipRequest,
  INVITE_TO_GROUP_REFUSALS,
  inviteToGroup,
  listMembershipRequests,
  MAX_REQUESTS_PAGE,
  MEMBER_CHANGE_REFUSALS,
  removeMember,
  setMemberRole,
  transferOwnership,
  type InvitationSkip,
  type InvitationsSent,
  type MemberChanged,
  type MembershipRequest,
  type RequestAnswered,
} from '../../workgroups/index.js';
import { builder } from '../builder.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badUserInput } from '../errors.js';
import { parseId, parseIds } from '../ids.js';
import { unwrap, workgroupErrorTypes } from '../workgroup-errors.js';
import { GroupRef, GroupRoleEnum } from './group.js';
import { UserRef } from './user.js';

/** At most this many users per inviteToGroup (5 `user.get` calls of 50 in the checks batch). */
const MAX_INVITEES = 250;
const DEFAULT_REQUESTS_PAGE = 20;

/** A request's id names its group and its relation ("<groupId>:<relationId>"), so answering it needs no lookup first. */
function encodeRequestId(request: { groupId: number; id: number }): string {
  return `${request.groupId}:${request.id}`;
}

function parseRequestId(value: string | number, argument: string): { groupId: number; relationId: number } {
  const match = /^(\d+):(\d+)$/.exec(String(value).trim());
  if (!match) throw badUserInput(`${argument} must be a membership request id as Group.membershipRequests returns it ("<groupId>:<requestId>"); received ${JSON.stringify(String(value)).slice(0, 64)}`, argument);
  return { groupId: parseId(match[1]!, argument), relationId: parseId(match[2]!, argument) };
}

const GroupMembershipRequestRef = builder.objectRef<MembershipRequest>('GroupMembershipRequest').implement({
  description: 'A user\'s pending request to join a group.',
  fields: (t) => ({
    id: t.id({ description: 'Pass it to acceptGroupMembershipRequest or denyGroupMembershipRequest.', resolve: (request) => encodeRequestId(request) }),
    user: t.field({
      type: UserRef,
      resolve: async (request, _args, context) => {
        const user = await context.loaders.userById.load(request.userId);
        if (!user) throw new Error(`requester ${request.userId} of group ${request.groupId} is not visible as a user`);
        return user;
      },
    }),
    message: t.string({ nullable: true, resolve: (request) => request.message }),
    requestedAt: t.field({ type: 'DateTime', nullable: true, resolve: (request) => request.createdAt }),
    group: t.field({
      type: GroupRef,
      resolve: async (request, _args, context) => {
        const group = await context.loaders.groupById.load(request.groupId);
        if (!group) throw new Error(`group ${request.groupId} is no longer visible`);
        return group;
      },
    }),
  }),
});

builder.objectFields(GroupRef, (t) => ({
  membershipRequests: t.connection(
    {
      type: GroupMembershipRequestRef,
      nullable: true,
      description:
        'Pending requests to join, oldest first; null when the caller may not answer them (viewerCan.processRequests: ' +
        'the owner; moderators unless only the owner may invite; members when every member may invite). Bitrix24 ' +
        'itself checks nothing here, so the gateway decides before asking it. `first` is at most 50.',
      resolve: async (group: Group, args, context) => {
        if (args.last != null || args.before != null) throw badUserInput('membershipRequests pages forward only: use first and after', args.last != null ? 'last' : 'before');
        const first = args.first ?? DEFAULT_REQUESTS_PAGE;
        if (!Number.isInteger(first) || first < 1 || first > MAX_REQUESTS_PAGE) {
          throw badUserInput(`first must be between 1 and ${MAX_REQUESTS_PAGE}; received ${first}`, 'first');
        }
        let offset = 0;
        if (args.after != null) {
          const decoded = decodeCursor(args.after);
          if (decoded === null) throw badUserInput('after is not a cursor of this connection', 'after');
          offset = decoded + 1;
        }
        const page = await listMembershipRequests(context, { group, offset, count: first });
        if (page === null) return null;
        const edges = page.requests.map((request, index) => ({ cursor: encodeCursor(offset + index), node: request }));
        return {
          edges,
          totalCount: page.totalCount,
          pageInfo: {
            hasNextPage: offset + edges.length < page.totalCount,
            hasPreviousPage: offset > 0,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    {
      name: 'GroupMembershipRequestConnection',
      fields: (connection) => ({
        totalCount: connection.int({ resolve: (parent) => (parent as unknown as { totalCount: number }).totalCount }),
      }),
    },
    { name: 'GroupMembershipRequestEdge' },
  ),
}));

// The errors plugin's result union resolves to the field's success type whatever is not a thrown refusal; graphql-js
// then calls isTypeOf only to assert the value's shape, so a key of the value is enough.
const isSuccess = (key: string) => (value: unknown) => typeof value === 'object' && value !== null && !(value instanceof Error) && key in value;

function requestAnswerSuccess(name: string, description: string) {
  return builder.objectRef<RequestAnswered>(name).implement({
    description,
    isTypeOf: isSuccess('userId'),
    fields: (t) => ({
      group: t.field({ type: GroupRef, description: 'The group as re-read in the write\'s batch.', resolve: (result) => result.group }),
      user: t.field({
        type: UserRef,
        nullable: true,
        description: 'The requester.',
        resolve: (result, _args, context) => context.loaders.userById.load(result.userId),
      }),
    }),
  });
}

const AcceptSuccess = requestAnswerSuccess('AcceptGroupMembershipRequestSuccess', 'The requester is now a member.');
const DenySuccess = requestAnswerSuccess('DenyGroupMembershipRequestSuccess', 'The request was denied and is gone.');

for (const [field, type, useCase, description] of [
  ['acceptGroupMembershipRequest', AcceptSuccess, acceptMembershipRequest, 'Accepts a pending request to join (Bitrix24 socialnetwork.api.usertogroup.acceptRequest, undocumented upstream).'],
  ['denyGroupMembershipRequest', DenySuccess, denyMembershipRequest, 'Denies a pending request to join (Bitrix24 socialnetwork.api.usertogroup.denyRequest, undocumented upstream).'],
] as const) {
  const operation = useCase === acceptMembershipRequest ? 'acceptMembershipRequest' : 'denyMembershipRequest';
  builder.mutationField(field, (t) =>
    t.field({
      type,
      description,
      errors: { types: workgroupErrorTypes(operation, ANSWER_REQUEST_REFUSALS), union: { name: `${field[0]!.toUpperCase()}${field.slice(1)}Result` } },
      args: { requestId: t.arg.id({ required: true }) },
      resolve: async (_root, args, context) => {
        const input = parseRequestId(args.requestId, 'requestId');
        return unwrap(operation, await useCase(context, input));
      },
    }),
  );
}

const InvitationSkipReasonEnum = builder.enumType('InvitationSkipReason', {
  values: {
    ALREADY_MEMBER: { description: 'The user already belongs to the group (owner, moderator or member).' },
    ALREADY_INVITED: { description: 'The user already has a pending invitation.' },
    REQUEST_PENDING: { description: 'The user has asked to join: answer the request instead.' },
    NOT_FOUND: { description: 'No such user on the portal.' },
    SKIPPED_BY_PORTAL: { description: 'Bitrix24 skipped the user without saying why (for example the user\'s privacy settings).' },
  } as const,
});

const InvitationSkipRef = builder.objectRef<InvitationSkip>('InvitationSkip').implement({
  fields: (t) => ({
    userId: t.id({ resolve: (skip) => skip.userId }),
    user: t.field({ type: UserRef, nullable: true, resolve: (skip, _args, context) => context.loaders.userById.load(skip.userId) }),
    reason: t.field({ type: InvitationSkipReasonEnum, resolve: (skip) => skip.reason }),
  }),
});

const InviteSuccess = builder.objectRef<InvitationsSent>('InviteToGroupSuccess').implement({
  description: 'Who was invited and who was skipped, and why.',
  isTypeOf: isSuccess('invitedUserIds'),
  fields: (t) => ({
    group: t.field({ type: GroupRef, resolve: (result) => result.group }),
    invited: t.field({
      type: [UserRef],
      resolve: async (result, _args, context) => {
        const users = await Promise.all(result.invitedUserIds.map((userId) => context.loaders.userById.load(userId)));
        return users.filter((user) => user !== null);
      },
    }),
    skipped: t.field({ type: [InvitationSkipRef], resolve: (result) => result.skipped }),
  }),
});

builder.mutationField('inviteToGroup', (t) =>
  t.field({
    type: InviteSuccess,
    description:
      `Invites users to a group (Bitrix24 sonet_group.user.invite). At most ${MAX_INVITEES} users; \`message\` is at most ` +
      'MAX_MESSAGE_LENGTH characters. Users who cannot be invited are listed as skipped, with the reason.',
    errors: { types: workgroupErrorTypes('inviteToGroup', INVITE_TO_GROUP_REFUSALS), union: { name: 'InviteToGroupResult' } },
    args: {
      groupId: t.arg.id({ required: true }),
      userIds: t.arg.idList({ required: true }),
      message: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const groupId = parseId(args.groupId, 'groupId');
      if (args.userIds.length === 0 || args.userIds.length > MAX_INVITEES) {
        throw badUserInput(`userIds must list 1 to ${MAX_INVITEES} users; received ${args.userIds.length}`, 'userIds');
      }
      const userIds = parseIds(args.userIds, 'userIds');
      const max = context.config.maxMessageLength;
      if (args.message != null && args.message.length > max) throw badUserInput(`message must be at most ${max} characters; received ${args.message.length}`, 'message');
      return unwrap('inviteToGroup', await inviteToGroup(context, { groupId, userIds, message: args.message }));
    },
  }),
);

function memberSuccess(name: string, description: string) {
  return builder.objectRef<MemberChanged>(name).implement({
    description,
    isTypeOf: isSuccess('role'),
    fields: (t) => ({
      group: t.field({ type: GroupRef, description: 'The group as re-read in the write\'s batch.', resolve: (result) => result.group }),
      user: t.field({ type: UserRef, nullable: true, resolve: (result, _args, context) => context.loaders.userById.load(result.userId) }),
      role: t.field({ type: GroupRoleEnum, nullable: true, description: 'The user\'s role now; null once removed.', resolve: (result) => result.role }),
      changed: t.boolean({ description: 'False when the user already was as asked: nothing was written.', resolve: (result) => result.changed }),
    }),
  });
}

const SetRoleSuccess = memberSuccess('SetGroupMemberRoleSuccess', 'The member\'s role was changed (or already was the one asked).');
const RemoveSuccess = memberSuccess('RemoveGroupMemberSuccess', 'The member was removed from the group.');
const TransferSuccess = memberSuccess('TransferGroupOwnershipSuccess', 'The user now owns the group; the previous owner is a moderator.');

builder.mutationField('setGroupMemberRole', (t) =>
  t.field({
    type: SetRoleSuccess,
    description:
      'Promotes a member to moderator or demotes a moderator (Bitrix24 socialnetwork.api.usertogroup.setModerator / ' +
      'removeModerator, undocumented upstream). OWNER is refused: use transferGroupOwnership.',
    errors: { types: workgroupErrorTypes('setMemberRole', MEMBER_CHANGE_REFUSALS), union: { name: 'SetGroupMemberRoleResult' } },
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }), role: t.arg({ type: GroupRoleEnum, required: true }) },
    resolve: async (_root, args, context) => {
      const groupId = parseId(args.groupId, 'groupId');
      const userId = parseId(args.userId, 'userId');
      if (args.role === 'OWNER') throw badUserInput('role must be MODERATOR or MEMBER; to make someone the owner, use transferGroupOwnership', 'role');
      const outcome = await setMemberRole(context, { groupId, userId, role: args.role });
      return unwrap('setMemberRole', outcome);
    },
  }),
);

builder.mutationField('removeGroupMember', (t) =>
  t.field({
    type: RemoveSuccess,
    description: 'Removes a member or moderator from a group (Bitrix24 socialnetwork.api.usertogroup.exclude, undocumented upstream).',
    errors: { types: workgroupErrorTypes('removeMember', MEMBER_CHANGE_REFUSALS), union: { name: 'RemoveGroupMemberResult' } },
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const outcome = await removeMember(context, { groupId: parseId(args.groupId, 'groupId'), userId: parseId(args.userId, 'userId') });
      return unwrap('removeMember', outcome);
    },
  }),
);

builder.mutationField('transferGroupOwnership', (t) =>
  t.field({
    type: TransferSuccess,
    description: 'Makes a member the owner; the previous owner stays as a moderator (Bitrix24 sonet_group.setowner).',
    errors: { types: workgroupErrorTypes('transferOwnership', MEMBER_CHANGE_REFUSALS), union: { name: 'TransferGroupOwnershipResult' } },
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const outcome = await transferOwnership(context, { groupId: parseId(args.groupId, 'groupId'), userId: parseId(args.userId, 'userId') });
      return unwrap('transferOwnership', outcome);
    },
  }),
);
