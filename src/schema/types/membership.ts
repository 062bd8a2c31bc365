/** requestGroupMembership: a thin mapping of the requestMembership use case onto its GraphQL union. */
import { requestMembership, REQUEST_MEMBERSHIP_REFUSALS, type MembershipRequested } from '../../workgroups/index.js';
import { builder } from '../builder.js';
import { badUserInput } from '../errors.js';
import { parseId } from '../ids.js';
import { unwrap, workgroupErrorTypes } from '../workgroup-errors.js';
import { GroupRef } from './group.js';

const MembershipRequestStatusEnum = builder.enumType('MembershipRequestStatus', {
  values: {
    JOINED: { value: 'JOINED', description: 'The group is open: the caller is now a member.' },
    REQUESTED: { value: 'REQUESTED', description: 'The request awaits approval by the group\'s owner or moderators.' },
  } as const,
});

const RequestGroupMembershipSuccess = builder.objectRef<MembershipRequested>('RequestGroupMembershipSuccess').implement({
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'status' in value && !(value instanceof Error),
  fields: (t) => ({
    status: t.field({ type: MembershipRequestStatusEnum, resolve: (result) => result.status }),
    group: t.field({
      type: GroupRef,
      description: 'The group as it is after the request (read again in the same batch as the write, so memberCount is current).',
      resolve: (result) => result.group,
    }),
  }),
});

builder.mutationField('requestGroupMembership', (t) =>
  t.field({
    type: RequestGroupMembershipSuccess,
    description:
      'Asks, as the caller, to join a workgroup (Bitrix24 sonet_group.user.request). An open group makes the caller a ' +
      'member at once (JOINED); otherwise the request waits for approval (REQUESTED). `message` is at most ' +
      'MAX_MESSAGE_LENGTH characters (2000 unless configured).',
    errors: { types: workgroupErrorTypes('requestMembership', REQUEST_MEMBERSHIP_REFUSALS), union: { name: 'RequestGroupMembershipResult' } },
    args: {
      groupId: t.arg.id({ required: true }),
      message: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const groupId = parseId(args.groupId, 'groupId');
      const max = context.config.maxMessageLength;
      if (args.message != null && args.message.length > max) {
        throw badUserInput(`message must be at most ${max} characters; received ${args.message.length}`, 'message');
      }
      return unwrap('requestMembership', await requestMembership(context, { groupId, message: args.message }));
    },
  }),
);
