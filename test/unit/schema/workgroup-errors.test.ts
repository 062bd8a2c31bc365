/** The one mapping of refusal kinds to GraphQL error types, as a table over every kind of the shared list. */
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REFUSAL_KINDS } from '../../../src/bitrix24/refusal.js';
import { clientSchema } from '../../../src/schema/index.js';
import { toWorkgroupError, unwrap, workgroupErrorTypes } from '../../../src/schema/workgroup-errors.js';
import type { Refusal } from '../../../src/workgroups/index.js';

const SAMPLES: { [K in Refusal['kind']]: Extract<Refusal, { kind: K }> } = {
  GROUP_NOT_FOUND: { kind: 'GROUP_NOT_FOUND', groupId: 7 },
  ALREADY_MEMBER: { kind: 'ALREADY_MEMBER', groupId: 7, role: 'OWNER' },
  NO_PENDING_REQUEST: { kind: 'NO_PENDING_REQUEST', groupId: 7 },
  NO_INVITATION: { kind: 'NO_INVITATION', groupId: 7 },
  NOT_A_MEMBER: { kind: 'NOT_A_MEMBER', groupId: 7, userId: 9 },
  OWNER_CANNOT_LEAVE: { kind: 'OWNER_CANNOT_LEAVE', groupId: 7 },
  AUTO_MEMBER_CANNOT_LEAVE: { kind: 'AUTO_MEMBER_CANNOT_LEAVE', groupId: 7 },
  NOT_ALLOWED: { kind: 'NOT_ALLOWED', groupId: 7, reason: 'only the owner may do this' },
  OPERATION_NOT_SUPPORTED: { kind: 'OPERATION_NOT_SUPPORTED', groupId: 7, operation: 'leave a group' },
  PORTAL_REFUSED: { kind: 'PORTAL_REFUSED', groupId: 7, operation: 'leaveGroup', portalCode: '', portalMessage: 'Группа не найдена' },
};

const EXPECTED_TYPE: Record<Refusal['kind'], string> = {
  GROUP_NOT_FOUND: 'GroupNotFoundError',
  ALREADY_MEMBER: 'AlreadyGroupMemberError',
  NO_PENDING_REQUEST: 'NoPendingRequestError',
  NO_INVITATION: 'NoInvitationError',
  NOT_A_MEMBER: 'NotGroupMemberError',
  OWNER_CANNOT_LEAVE: 'OwnerCannotLeaveError',
  AUTO_MEMBER_CANNOT_LEAVE: 'AutoMemberCannotLeaveError',
  NOT_ALLOWED: 'NotAllowedError',
  OPERATION_NOT_SUPPORTED: 'OperationNotSupportedError',
  PORTAL_REFUSED: 'PortalRefusedError',
};

describe('workgroup errors: one GraphQL type per refusal kind', () => {
  it.each(REFUSAL_KINDS.map((kind) => [kind]))('%s maps to a type implementing WorkgroupError, with the group id', (kind) => {
    const error = toWorkgroupError('someOperation', SAMPLES[kind]);
    expect(error.name).toBe(EXPECTED_TYPE[kind]);
    expect(error.groupId).toBe(7);
    expect(error.message).toContain('7');
    const type = clientSchema.getType(error.name);
    expect(isObjectType(type) && type.getInterfaces().map((face) => face.name)).toContain('WorkgroupError');
    expect(isObjectType(type) && type.isTypeOf?.(error, undefined as never, undefined as never)).toBe(true);
  });

  it('keeps requestGroupMembership\'s published name for a portal refusal, which also implements MembershipError', () => {
    const error = toWorkgroupError('requestMembership', SAMPLES.PORTAL_REFUSED);
    expect(error).toMatchObject({ name: 'MembershipRequestRefusedError', reason: 'Группа не найдена', bitrix24Error: '' });
    const type = clientSchema.getType('MembershipRequestRefusedError');
    expect(isObjectType(type) && type.getInterfaces().map((face) => face.name).sort()).toEqual(['MembershipError', 'WorkgroupError']);
    // Exact-class isTypeOf: the subclass is not also a PortalRefusedError member.
    const portalRefused = clientSchema.getType('PortalRefusedError');
    expect(isObjectType(portalRefused) && portalRefused.isTypeOf?.(error, undefined as never, undefined as never)).toBe(false);
  });

  it('lists the union members of a mutation from its use case\'s refusal kinds', () => {
    expect(workgroupErrorTypes('requestMembership', ['GROUP_NOT_FOUND', 'ALREADY_MEMBER', 'PORTAL_REFUSED']).map((type) => type.name)).toEqual([
      'GroupNotFoundError',
      'AlreadyGroupMemberError',
      'MembershipRequestRefusedError',
    ]);
  });

  it('unwrap returns a success and throws the mapped error for a refusal', () => {
    expect(unwrap('x', { ok: true, value: 42 })).toBe(42);
    expect(() => unwrap('x', { ok: false, refusal: SAMPLES.NO_INVITATION })).toThrow(expect.objectContaining({ name: 'NoInvitationError', groupId: 7 }));
  });
});
