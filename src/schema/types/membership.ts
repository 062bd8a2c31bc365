import { Bitrix24Error } from '../../bitrix24/errors.js';
import { requestMembership } from '../../bitrix24/api.js';
import type { GroupRole, MembershipRequestStatus } from '../../bitrix24/model.js';
import { builder } from '../builder.js';
import { badUserInput } from '../errors.js';
import { parseId } from '../ids.js';
import { GroupRef, GroupRoleEnum } from './group.js';

/** Expected outcomes a client switches on are data, not GraphQL errors. They all implement this interface. */
export class MembershipError extends Error {
  constructor(
    message: string,
    readonly groupId: number,
  ) {
    super(message);
  }
}

export class GroupNotFoundError extends MembershipError {
  override readonly name = 'GroupNotFoundError';
  constructor(groupId: number) {
    super(`Group ${groupId} does not exist or is not visible to you.`, groupId);
  }
}

export class AlreadyGroupMemberError extends MembershipError {
  override readonly name = 'AlreadyGroupMemberError';
  constructor(
    groupId: number,
    readonly role: GroupRole,
  ) {
    super(`You are already ${role === 'MEMBER' ? 'a member' : `the ${role.toLowerCase()}`} of group ${groupId}.`, groupId);
  }
}

export class MembershipRequestRefusedError extends MembershipError {
  override readonly name = 'MembershipRequestRefusedError';
  constructor(
    groupId: number,
    readonly reason: string,
    readonly bitrix24Error: string,
  ) {
    super(`Bitrix24 refused the request to join group ${groupId}: ${reason}`, groupId);
  }
}

const MembershipErrorInterface = builder.interfaceRef<MembershipError>('MembershipError').implement({
  description: 'An expected reason why requestGroupMembership did not happen.',
  fields: (t) => ({
    message: t.exposeString('message'),
    groupId: t.id({ resolve: (error) => error.groupId }),
  }),
});

builder.objectType(GroupNotFoundError, {
  name: 'GroupNotFoundError',
  description: 'The group does not exist, or it is secret and the caller is not a member.',
  interfaces: [MembershipErrorInterface],
  isTypeOf: (value) => value instanceof GroupNotFoundError,
});

builder.objectType(AlreadyGroupMemberError, {
  name: 'AlreadyGroupMemberError',
  description:
    'The caller already belongs to the group. Nothing was written: Bitrix24 would have overwritten the membership ' +
    '(an owner would have been demoted to a pending request).',
  interfaces: [MembershipErrorInterface],
  isTypeOf: (value) => value instanceof AlreadyGroupMemberError,
  fields: (t) => ({
    role: t.field({ type: GroupRoleEnum, resolve: (error) => error.role }),
  }),
});

builder.objectType(MembershipRequestRefusedError, {
  name: 'MembershipRequestRefusedError',
  description: 'Bitrix24 refused the request (for example, the group is inactive).',
  interfaces: [MembershipErrorInterface],
  isTypeOf: (value) => value instanceof MembershipRequestRefusedError,
  fields: (t) => ({
    reason: t.exposeString('reason', { description: 'Bitrix24\'s own explanation.' }),
    bitrix24Error: t.exposeString('bitrix24Error', { description: 'Bitrix24\'s error code; often empty for workgroup methods.' }),
  }),
});

const MembershipRequestStatusEnum = builder.enumType('MembershipRequestStatus', {
  values: {
    JOINED: { value: 'JOINED', description: 'The group is open: the caller is now a member.' },
    REQUESTED: { value: 'REQUESTED', description: 'The request awaits approval by the group\'s owner or moderators.' },
  } as const,
});

interface MembershipRequestResult {
  status: MembershipRequestStatus;
  groupId: number;
}

const RequestGroupMembershipSuccess = builder.objectRef<MembershipRequestResult>('RequestGroupMembershipSuccess').implement({
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'status' in value && !(value instanceof Error),
  fields: (t) => ({
    status: t.field({ type: MembershipRequestStatusEnum, resolve: (result) => result.status }),
    group: t.field({
      type: GroupRef,
      description: 'The group as it is after the request (read again, so memberCount is current).',
      resolve: async (result, _args, context) => {
        const group = await context.loaders.groupById.load(result.groupId);
        if (!group) throw new Error(`group ${result.groupId} vanished after the request`);
        return group;
      },
    }),
  }),
});

/** Errors of sonet_group.user.request that are the group's or the request's fault, not the token's or the portal's. */
function isBusinessRefusal(error: Bitrix24Error): boolean {
  return error.kind === 'api' && error.httpStatus !== undefined && error.httpStatus < 500 && ['', 'ERROR_NO_GROUP', 'ERROR_CORE', 'ERROR_ARGUMENT'].includes(error.code);
}

builder.mutationField('requestGroupMembership', (t) =>
  t.field({
    type: RequestGroupMembershipSuccess,
    description:
      'Asks, as the caller, to join a workgroup (Bitrix24 sonet_group.user.request). An open group makes the caller a ' +
      'member at once (JOINED); otherwise the request waits for approval (REQUESTED). `message` is at most ' +
      'MAX_MESSAGE_LENGTH characters (2000 unless configured).',
    errors: {
      types: [GroupNotFoundError, AlreadyGroupMemberError, MembershipRequestRefusedError],
      union: { name: 'RequestGroupMembershipResult' },
    },
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
      const session = context.session();
      // Both reads leave in one HTTP request (same tick). The relation check must come before the write: upstream
      // sonet_group.user.request is an upsert that would overwrite an existing membership, even an owner's.
      const [group, viewerGroups] = await Promise.all([context.loaders.groupById.load(groupId), context.loaders.viewerGroups()]);
      if (!group) throw new GroupNotFoundError(groupId);
      const existing = viewerGroups.find((membership) => membership.groupId === groupId);
      if (existing) throw new AlreadyGroupMemberError(groupId, existing.role);
      let status: MembershipRequestStatus;
      try {
        status = await requestMembership(session, group, args.message);
      } catch (error) {
        if (error instanceof Bitrix24Error && isBusinessRefusal(error)) {
          if (error.description === 'Socialnetwork group not found') throw new GroupNotFoundError(groupId);
          throw new MembershipRequestRefusedError(groupId, error.description, error.code);
        }
        throw error;
      }
      context.loaders.forgetGroup(groupId);
      return { status, groupId };
    },
  }),
);
