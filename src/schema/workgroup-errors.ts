/**
 * The one mapping from refusal kinds (src/workgroups/) to GraphQL types. Every workgroup mutation returns a
 * `<Name>Result` union of its success and the error types of the refusals its use case declares; each error type
 * implements `WorkgroupError { message, groupId }`.
 *
 * `MembershipError` is kept: it is part of requestGroupMembership's published contract (clients select
 * `... on MembershipError`). The three errors that mutation has always returned implement both interfaces.
 */
import type { RefusalKind } from '../bitrix24/index.js';
import type { Outcome, Refusal, RefusalOf } from '../workgroups/index.js';
import { builder } from './builder.js';
import { GroupRoleEnum } from './types/group.js';

/** The base of every typed workgroup error; the Pothos errors plugin returns thrown instances as union members. */
export class WorkgroupError extends Error {
  constructor(
    message: string,
    readonly groupId: number,
  ) {
    super(message);
  }
}

export class GroupNotFoundError extends WorkgroupError {
  override readonly name = 'GroupNotFoundError';
  constructor(refusal: RefusalOf<'GROUP_NOT_FOUND'>) {
    super(`Group ${refusal.groupId} does not exist or is not visible to you.`, refusal.groupId);
  }
}

export class AlreadyGroupMemberError extends WorkgroupError {
  override readonly name = 'AlreadyGroupMemberError';
  readonly role: RefusalOf<'ALREADY_MEMBER'>['role'];
  constructor(refusal: RefusalOf<'ALREADY_MEMBER'>) {
    const { groupId, role } = refusal;
    super(`You are already ${role === 'MEMBER' ? 'a member' : `the ${role.toLowerCase()}`} of group ${groupId}.`, groupId);
    this.role = role;
  }
}

export class NoPendingRequestError extends WorkgroupError {
  override readonly name = 'NoPendingRequestError';
  constructor(refusal: RefusalOf<'NO_PENDING_REQUEST'>) {
    super(`There is no pending membership request for group ${refusal.groupId}.`, refusal.groupId);
  }
}

export class NoInvitationError extends WorkgroupError {
  override readonly name = 'NoInvitationError';
  constructor(refusal: RefusalOf<'NO_INVITATION'>) {
    super(`You have no pending invitation to group ${refusal.groupId}.`, refusal.groupId);
  }
}

export class NotGroupMemberError extends WorkgroupError {
  override readonly name = 'NotGroupMemberError';
  readonly userId: number | null;
  constructor(refusal: RefusalOf<'NOT_A_MEMBER'>) {
    const who = refusal.userId === undefined ? 'You are' : `User ${refusal.userId} is`;
    super(`${who} not a member of group ${refusal.groupId}.`, refusal.groupId);
    this.userId = refusal.userId ?? null;
  }
}

export class OwnerCannotLeaveError extends WorkgroupError {
  override readonly name = 'OwnerCannotLeaveError';
  constructor(refusal: RefusalOf<'OWNER_CANNOT_LEAVE'>) {
    super(`You own group ${refusal.groupId}: transfer the ownership before leaving.`, refusal.groupId);
  }
}

export class AutoMemberCannotLeaveError extends WorkgroupError {
  override readonly name = 'AutoMemberCannotLeaveError';
  constructor(refusal: RefusalOf<'AUTO_MEMBER_CANNOT_LEAVE'>) {
    super(`Your membership of group ${refusal.groupId} comes from your department and cannot be left on its own.`, refusal.groupId);
  }
}

export class NotAllowedError extends WorkgroupError {
  override readonly name = 'NotAllowedError';
  readonly reason: string;
  constructor(refusal: RefusalOf<'NOT_ALLOWED'>) {
    super(`You are not allowed to do this in group ${refusal.groupId}: ${refusal.reason}`, refusal.groupId);
    this.reason = refusal.reason;
  }
}

export class OperationNotSupportedError extends WorkgroupError {
  override readonly name = 'OperationNotSupportedError';
  readonly operation: string;
  constructor(refusal: RefusalOf<'OPERATION_NOT_SUPPORTED'>) {
    super(`Group ${refusal.groupId}: this portal, as configured, does not support ${refusal.operation}.`, refusal.groupId);
    this.operation = refusal.operation;
  }
}

/** The portal refused for a reason of its own. `reason` and `bitrix24Error` are the portal's, shown as they are. */
export class PortalRefusedError extends WorkgroupError {
  override readonly name: string = 'PortalRefusedError';
  readonly reason: string;
  readonly bitrix24Error: string;
  constructor(refusal: RefusalOf<'PORTAL_REFUSED'>, message = `Bitrix24 refused the operation on group ${refusal.groupId}: ${refusal.portalMessage}`) {
    super(message, refusal.groupId);
    this.reason = refusal.portalMessage;
    this.bitrix24Error = refusal.portalCode;
  }
}

/** requestGroupMembership's name for PORTAL_REFUSED, kept for its published contract. */
export class MembershipRequestRefusedError extends PortalRefusedError {
  override readonly name = 'MembershipRequestRefusedError';
  constructor(refusal: RefusalOf<'PORTAL_REFUSED'>) {
    super(refusal, `Bitrix24 refused the request to join group ${refusal.groupId}: ${refusal.portalMessage}`);
  }
}

type ErrorClass = new (refusal: never) => WorkgroupError;

/** Kind -> GraphQL error class. A `Record` over every kind: adding a kind without its type does not compile. */
const ERROR_CLASSES: { [K in RefusalKind]: new (refusal: RefusalOf<K>) => WorkgroupError } = {
  GROUP_NOT_FOUND: GroupNotFoundError,
  ALREADY_MEMBER: AlreadyGroupMemberError,
  NO_PENDING_REQUEST: NoPendingRequestError,
  NO_INVITATION: NoInvitationError,
  NOT_A_MEMBER: NotGroupMemberError,
  OWNER_CANNOT_LEAVE: OwnerCannotLeaveError,
  AUTO_MEMBER_CANNOT_LEAVE: AutoMemberCannotLeaveError,
  NOT_ALLOWED: NotAllowedError,
  OPERATION_NOT_SUPPORTED: OperationNotSupportedError,
  PORTAL_REFUSED: PortalRefusedError,
};

/** The one place where an operation's refusal of a kind may use a legacy type name (published contracts only). */
const CONTRACT_OVERRIDES: Partial<Record<string, Partial<{ [K in RefusalKind]: new (refusal: RefusalOf<K>) => WorkgroupError }>>> = {
  requestMembership: { PORTAL_REFUSED: MembershipRequestRefusedError },
};

function classFor(operation: string, kind: RefusalKind): ErrorClass {
  return (CONTRACT_OVERRIDES[operation]?.[kind] ?? ERROR_CLASSES[kind]) as ErrorClass;
}

/** The error types a mutation's union lists, for the refusal kinds its use case declares. */
export function workgroupErrorTypes(operation: string, kinds: readonly RefusalKind[]): ErrorClass[] {
  return kinds.map((kind) => classFor(operation, kind));
}

export function toWorkgroupError(operation: string, refusal: Refusal): WorkgroupError {
  const ErrorType = classFor(operation, refusal.kind) as new (refusal: Refusal) => WorkgroupError;
  return new ErrorType(refusal);
}

/** A use case's outcome as a resolver's answer: the value, or its refusal thrown for the errors plugin to return. */
export function unwrap<T>(operation: string, outcome: Outcome<T, RefusalKind>): T {
  if (outcome.ok) return outcome.value;
  throw toWorkgroupError(operation, outcome.refusal);
}

// GraphQL types. Descriptions speak of the gateway's own words, never of Bitrix24's role letters.

export const WorkgroupErrorInterface = builder.interfaceRef<WorkgroupError>('WorkgroupError').implement({
  description: 'An expected reason why an operation on a workgroup did not happen. Nothing was written.',
  fields: (t) => ({
    message: t.exposeString('message'),
    groupId: t.id({ resolve: (error) => error.groupId }),
  }),
});

const MembershipErrorInterface = builder.interfaceRef<WorkgroupError>('MembershipError').implement({
  description: 'An expected reason why requestGroupMembership did not happen (kept for existing clients; see WorkgroupError).',
  interfaces: [WorkgroupErrorInterface],
  fields: (t) => ({
    message: t.exposeString('message'),
    groupId: t.id({ resolve: (error) => error.groupId }),
  }),
});

// Pothos infers an object type's shape from its class with `new (...args: any[]) => infer U`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type WorkgroupErrorClass<T extends WorkgroupError> = new (...args: any[]) => T;

function errorType<T extends WorkgroupError>(
  ErrorType: WorkgroupErrorClass<T>,
  name: string,
  description: string,
  options: { membership?: boolean } = {},
) {
  return builder.objectType(ErrorType, {
    name,
    description,
    // T is generic here, so Pothos cannot prove T extends the interfaces' shape (WorkgroupError); the bound says it.
    interfaces: (options.membership ? [WorkgroupErrorInterface, MembershipErrorInterface] : [WorkgroupErrorInterface]) as never,
    // Exact class, not instanceof: MembershipRequestRefusedError extends PortalRefusedError.
    isTypeOf: (value) => typeof value === 'object' && value !== null && value.constructor === ErrorType,
  });
}

errorType(GroupNotFoundError, 'GroupNotFoundError', 'The group does not exist, or it is secret and the caller is not a member.', { membership: true });
const AlreadyGroupMemberType = errorType(
  AlreadyGroupMemberError,
  'AlreadyGroupMemberError',
  'The caller already belongs to the group. Nothing was written: Bitrix24 would have overwritten the membership ' +
    '(an owner would have been demoted to a pending request).',
  { membership: true },
);
builder.objectFields(AlreadyGroupMemberType, (t) => ({
  role: t.field({ type: GroupRoleEnum, resolve: (error) => error.role }),
}));
const MembershipRequestRefusedType = errorType(
  MembershipRequestRefusedError,
  'MembershipRequestRefusedError',
  'Bitrix24 refused the request (for example, the group is inactive).',
  { membership: true },
);
const PortalRefusedType = errorType(PortalRefusedError, 'PortalRefusedError', 'Bitrix24 refused the operation for a reason of its own.');
for (const ref of [MembershipRequestRefusedType, PortalRefusedType]) {
  builder.objectFields(ref, (t) => ({
    reason: t.exposeString('reason', { description: 'Bitrix24\'s own explanation, in the portal\'s language.' }),
    bitrix24Error: t.exposeString('bitrix24Error', { description: 'Bitrix24\'s error code; often empty for workgroup methods.' }),
  }));
}
errorType(NoPendingRequestError, 'NoPendingRequestError', 'There is no pending membership request to act on.');
errorType(NoInvitationError, 'NoInvitationError', 'The caller has no pending invitation to the group.');
const NotGroupMemberType = errorType(NotGroupMemberError, 'NotGroupMemberError', 'The caller, or the user named, is not a member of the group.');
builder.objectFields(NotGroupMemberType, (t) => ({
  userId: t.id({ nullable: true, description: 'The user named in the operation; null when it is the caller.', resolve: (error) => error.userId }),
}));
errorType(OwnerCannotLeaveError, 'OwnerCannotLeaveError', 'The owner cannot leave the group; ownership must be transferred first.');
errorType(AutoMemberCannotLeaveError, 'AutoMemberCannotLeaveError', 'The membership comes from department sync and cannot be left on its own.');
const NotAllowedType = errorType(NotAllowedError, 'NotAllowedError', 'The caller\'s role or the group\'s settings do not allow the operation.');
builder.objectFields(NotAllowedType, (t) => ({ reason: t.exposeString('reason') }));
const NotSupportedType = errorType(OperationNotSupportedError, 'OperationNotSupportedError', 'The portal, as configured, offers no way to do this.');
builder.objectFields(NotSupportedType, (t) => ({ operation: t.exposeString('operation') }));
