/** The caller's lifecycle descriptors as a table (name, write flag, encoding, decoding, error codes), and the standing mapping. */
import { describe, expect, it } from 'vitest';
import { refusalOf, type MethodDescriptor } from '../../../src/bitrix24/descriptor.js';
import { Bitrix24Error } from '../../../src/bitrix24/errors.js';
import * as methods from '../../../src/bitrix24/lifecycle-methods.js';
import { REFUSAL_KINDS } from '../../../src/bitrix24/refusal.js';
import { toGroupStanding, toRelation } from '../../../src/bitrix24/standing.js';

type AnyDescriptor = MethodDescriptor<never, unknown>;

const WG = {
  ID: 35, ACTIVE: 'Y', VISIBLE: 'Y', OPENED: 'N', CLOSED: 'N', OWNER_ID: 12, INITIATE_PERMS: 'E', SCRUM_MASTER_ID: 0,
  USER_DATA: { ROLE: 'Z', INITIATED_BY_TYPE: 'U', IS_SUBSCRIBED: false },
  ACTIONS: { EDIT: false, DELETE: false, INVITE: false, JOIN: false, LEAVE: false },
};

const ROWS: Array<{ descriptor: AnyDescriptor; method: string; writes: boolean; input: unknown; params: unknown; answer: { result: unknown }; output: unknown; refusals: Record<string, string> }> = [
  {
    descriptor: methods.workgroupStanding as AnyDescriptor,
    method: 'socialnetwork.api.workgroup.get',
    writes: false,
    input: { groupId: 35 },
    params: { params: { groupId: 35, select: ['USER_DATA', 'ACTIONS'] } },
    answer: { result: WG },
    output: {
      groupId: 35, relation: 'REQUEST_PENDING', mayLeave: false, initiatePerms: 'MODERATOR', ownerId: 12, scrumMasterId: null,
      isActive: true, isVisible: true, isOpen: false, isArchived: false,
    },
    refusals: { SONET_CONTROLLER_WORKGROUP_NOT_FOUND: 'GROUP_NOT_FOUND' },
  },
  {
    descriptor: methods.profile as AnyDescriptor,
    method: 'profile',
    writes: false,
    input: undefined,
    params: {},
    answer: { result: { ID: '3', ADMIN: false, NAME: 'Elena' } },
    output: { id: 3, isPortalAdmin: false },
    refusals: {},
  },
  {
    descriptor: methods.cancelIncomingRequest as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.cancelIncomingRequest',
    writes: true,
    input: { userId: 3, groupId: 35 },
    params: { userId: 3, groupId: 35 },
    answer: { result: true },
    output: true,
    refusals: { '510': 'NO_PENDING_REQUEST', '403': 'NO_PENDING_REQUEST', '100': 'PORTAL_REFUSED' },
  },
  {
    descriptor: methods.leave as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.leave',
    writes: true,
    input: { groupId: 35 },
    params: { params: { groupId: 35 } },
    answer: { result: { success: true } },
    output: true,
    refusals: { '403': 'NOT_ALLOWED', SONET_CONTROLLER_USERTOGROUP_NO_GROUP: 'GROUP_NOT_FOUND' },
  },
  {
    descriptor: methods.acceptOutgoingRequest as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.acceptOutgoingRequest',
    writes: true,
    input: { groupId: 35 },
    params: { groupId: 35 },
    answer: { result: true },
    output: true,
    refusals: { ERROR_NO_GROUP_REQUEST: 'NO_INVITATION' },
  },
  {
    descriptor: methods.rejectOutgoingRequest as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.rejectOutgoingRequest',
    writes: true,
    input: { groupId: 35 },
    params: { groupId: 35 },
    answer: { result: false },
    output: false,
    refusals: { ERROR_NO_GROUP_REQUEST: 'NO_INVITATION' },
  },
];

describe('lifecycle method descriptors', () => {
  it('covers every exported descriptor', () => {
    const exported = new Set(Object.values(methods).filter((value) => typeof value === 'object'));
    expect(new Set(ROWS.map((row) => row.descriptor))).toEqual(exported);
  });

  it.each(ROWS.map((row) => [row.method, row] as const))('%s: name, write flag, encoding, decoding, error codes', (_m, row) => {
    expect(row.descriptor.method).toBe(row.method);
    expect(row.descriptor.writes).toBe(row.writes);
    expect(row.descriptor.encode(row.input as never)).toEqual(row.params);
    expect(row.descriptor.decode(row.answer, row.input as never)).toEqual(row.output);
    expect(row.descriptor.refusals).toEqual(row.refusals);
    for (const kind of Object.values(row.descriptor.refusals)) expect(REFUSAL_KINDS).toContain(kind);
  });

  it.each([
    [{ result: { success: false } }, false],
    [{ result: true }, false],
    [{ result: {} }, false],
  ])('leave is confirmed only by {success: true}: %j', (answer, expected) => {
    expect(methods.leave.decode(answer, { groupId: 1 })).toBe(expected);
  });

  it('an accept answer other than true is not a confirmation', () => {
    expect(methods.acceptOutgoingRequest.decode({ result: { success: true } }, { groupId: 1 })).toBe(false);
  });

  it('profile without an id is a protocol error', () => {
    expect(() => methods.profile.decode({ result: {} }, undefined)).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  it('a D7 error code is a refusal only where listed; a 5xx never is', () => {
    const error = (code: string, httpStatus?: number) => new Bitrix24Error({ kind: 'api', code, description: 'Texto', method: 'x', httpStatus });
    expect(refusalOf(methods.acceptOutgoingRequest as AnyDescriptor, error('ERROR_NO_GROUP_REQUEST', 400))).toEqual({ kind: 'NO_INVITATION', code: 'ERROR_NO_GROUP_REQUEST', description: 'Texto' });
    expect(refusalOf(methods.acceptOutgoingRequest as AnyDescriptor, error('403', 400))).toBeNull();
    expect(refusalOf(methods.leave as AnyDescriptor, error('403', 500))).toBeNull();
    expect(refusalOf(methods.workgroupStanding as AnyDescriptor, error('SONET_CONTROLLER_WORKGROUP_NOT_FOUND'))).toMatchObject({ kind: 'GROUP_NOT_FOUND' });
  });
});

describe('toRelation (USER_DATA ROLE, INITIATED_BY_TYPE)', () => {
  it.each([
    ['A', false, 'OWNER'],
    ['E', 'G', 'MODERATOR'],
    ['K', 'U', 'MEMBER'],
    ['Z', 'U', 'REQUEST_PENDING'],
    ['Z', 'G', 'INVITATION_PENDING'],
    [false, false, 'NONE'],
    ['T', 'U', 'NONE'],
    ['toString', false, 'NONE'],
  ] as const)('%j / %j → %s', (role, by, expected) => {
    expect(toRelation(role, by, 'm')).toBe(expected);
  });

  it('a pending relation with no known initiator is a protocol error, never a guess', () => {
    expect(() => toRelation('Z', false, 'm')).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });
});

describe('toGroupStanding', () => {
  it('reads the flags, INITIATE_PERMS, the owner, the scrum master and ACTIONS.LEAVE', () => {
    const standing = toGroupStanding(
      { ...WG, CLOSED: 'Y', OPENED: 'Y', INITIATE_PERMS: 'K', SCRUM_MASTER_ID: 7, USER_DATA: { ROLE: 'K', INITIATED_BY_TYPE: 'G' }, ACTIONS: { LEAVE: true } },
      'm',
    );
    expect(standing).toMatchObject({ relation: 'MEMBER', mayLeave: true, initiatePerms: 'MEMBER', scrumMasterId: 7, isArchived: true, isOpen: true });
  });

  it.each([
    ['LEAVE as a string is not a yes', { ACTIONS: { LEAVE: 'Y' } }, { mayLeave: false }],
    ['no ACTIONS at all', { ACTIONS: undefined }, { mayLeave: false }],
    ['an unknown INITIATE_PERMS is null', { INITIATE_PERMS: 'X' }, { initiatePerms: null }],
    ['no USER_DATA: no relation', { USER_DATA: undefined }, { relation: 'NONE' }],
    ['OWNER_ID 0 is no owner', { OWNER_ID: 0 }, { ownerId: null }],
  ])('%s', (_label, patch, expected) => {
    expect(toGroupStanding({ ...WG, ...patch }, 'm')).toMatchObject(expected);
  });

  it('no ID is a protocol error', () => {
    expect(() => toGroupStanding({ ...WG, ID: undefined }, 'm')).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });
});
