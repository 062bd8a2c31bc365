/** The moderators' method descriptors as a table: name, write flag, encoding, decoding, and their error-code tables. */
import { describe, expect, it } from 'vitest';
import { refusalOf, type MethodDescriptor } from '../../../src/bitrix24/descriptor.js';
import { Bitrix24Error } from '../../../src/bitrix24/errors.js';
import * as methods from '../../../src/bitrix24/moderation-methods.js';

type AnyDescriptor = MethodDescriptor<never, unknown>;

interface Row {
  descriptor: AnyDescriptor;
  method: string;
  writes: boolean;
  input: unknown;
  params: Record<string, unknown>;
  answer: { result: unknown; total?: number };
  output: unknown;
}

const ROWS: Row[] = [
  {
    descriptor: methods.usertogroupList as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.list',
    writes: false,
    input: { groupId: 5, pending: 'REQUEST', start: 50 },
    params: {
      filter: { GROUP_ID: 5, ROLE: 'Z', INITIATED_BY_TYPE: 'U' },
      select: ['ID', 'USER_ID', 'GROUP_ID', 'ROLE', 'INITIATED_BY_TYPE', 'MESSAGE', 'DATE_CREATE'],
      order: { ID: 'ASC' },
      start: 50,
    },
    answer: {
      result: {
        relations: [
          { id: '12', userId: '200', groupId: '5', role: 'Z', initiatedByType: 'U', message: 'hi', dateCreate: '2026-01-02T03:04:05+03:00' },
          { id: '13', userId: '201', groupId: '5', role: 'Z', initiatedByType: 'G', message: '' },
          { id: '14', userId: '202', groupId: '5', role: 'Z', initiatedByType: '' },
        ],
      },
      total: 3,
    },
    output: {
      relations: [
        { id: 12, userId: 200, groupId: 5, kind: 'REQUEST', message: 'hi', createdAt: new Date('2026-01-02T00:04:05Z') },
        { id: 13, userId: 201, groupId: 5, kind: 'INVITATION', message: null, createdAt: null },
      ],
      total: 3,
    },
  },
  {
    descriptor: methods.usertogroupList as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.list',
    writes: false,
    input: { groupId: 5, relationId: 12 },
    params: { filter: { GROUP_ID: 5, ID: 12 }, select: expect.any(Array), order: { ID: 'ASC' }, start: 0 },
    answer: { result: { relations: [{ id: '12', userId: '3', groupId: '5', role: 'K', initiatedByType: 'U' }] } },
    output: { relations: [expect.objectContaining({ id: 12, kind: 'MEMBER' })], total: 0 },
  },
  {
    // The mirror of a sonet_group.get page: its filter (an IN list spelt @ID), order and start; mode=mobile.
    descriptor: methods.workgroupGateFacts as AnyDescriptor,
    method: 'socialnetwork.api.workgroup.list',
    writes: false,
    input: { filter: { ID: [5, 6, 7, 8], '%NAME': 'crew', '>=DATE_CREATE': '2026-01-01T00:00:00+00:00', CLOSED: 'N' }, order: { NAME: 'ASC', ID: 'ASC' }, start: 50 },
    params: {
      filter: { '@ID': [5, 6, 7, 8], '%NAME': 'crew', '>=DATE_CREATE': '2026-01-01T00:00:00+00:00', CLOSED: 'N' },
      order: { NAME: 'ASC', ID: 'ASC' },
      select: ['ID', 'OWNER_ID', 'INITIATE_PERMS', 'SCRUM_MASTER_ID', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED'],
      params: { mode: 'mobile' },
      start: 50,
    },
    answer: {
      result: {
        workgroups: [
          // The sandbox's listValue shapes: ids and counters as strings, flags Y/N, a missing scrum master null.
          { id: '5', ownerId: '2', initiatePerms: 'E', scrumMasterId: null, active: 'Y', visible: 'N', opened: 'N', closed: 'N', additionalData: { role: 'E', initiatedByType: 'U' } },
          { id: '6', ownerId: '3', initiatePerms: 'K', scrumMasterId: '4', active: 'Y', visible: 'Y', opened: 'Y', closed: 'Y', additionalData: { role: '', initiatedByType: '' } },
          { id: '7', ownerId: '3', initiatePerms: 'A', scrumMasterId: null, active: 'N', visible: 'Y', opened: 'N', closed: 'N', additionalData: { role: 'Z', initiatedByType: 'G' } },
          // No additionalData, or a pending relation without initiator: dropped (that group takes the per-group path).
          { id: '8', ownerId: '3', initiatePerms: 'A', active: 'Y', visible: 'Y', opened: 'N', closed: 'N' },
          { id: '9', ownerId: '3', initiatePerms: 'X', active: 'Y', visible: 'Y', opened: 'N', closed: 'N', additionalData: { role: 'Z', initiatedByType: '' } },
        ],
      },
      total: 5,
    },
    output: [
      { groupId: 5, relation: 'MODERATOR', initiatePerms: 'MODERATOR', ownerId: 2, scrumMasterId: null, isActive: true, isVisible: false, isOpen: false, isArchived: false },
      { groupId: 6, relation: 'NONE', initiatePerms: 'MEMBER', ownerId: 3, scrumMasterId: 4, isActive: true, isVisible: true, isOpen: true, isArchived: true },
      { groupId: 7, relation: 'INVITATION_PENDING', initiatePerms: 'OWNER', ownerId: 3, scrumMasterId: null, isActive: false, isVisible: true, isOpen: false, isArchived: false },
    ],
  },
  {
    descriptor: methods.usertogroupAcceptRequest as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.acceptRequest',
    writes: true,
    input: { groupId: 5, relationId: 12 },
    params: { relationId: 12, groupId: 5 },
    answer: { result: false },
    output: false,
  },
  {
    descriptor: methods.usertogroupDenyRequest as AnyDescriptor,
    method: 'socialnetwork.api.usertogroup.denyRequest',
    writes: true,
    input: { groupId: 5, relationId: 12 },
    params: { relationId: 12, groupId: 5 },
    answer: { result: true },
    output: true,
  },
  ...(['setModerator', 'removeModerator', 'exclude'] as const).map((action) => ({
    descriptor: methods[`usertogroup${action[0]!.toUpperCase()}${action.slice(1)}` as 'usertogroupExclude'] as AnyDescriptor,
    method: `socialnetwork.api.usertogroup.${action}`,
    writes: true,
    input: { groupId: 5, userId: 3 },
    params: { userId: 3, groupId: 5 },
    answer: { result: true },
    output: true,
  })),
  {
    descriptor: methods.sonetGroupUserInvite as AnyDescriptor,
    method: 'sonet_group.user.invite',
    writes: true,
    input: { groupId: 5, userIds: [3, 4], message: 'join' },
    params: { GROUP_ID: 5, USER_ID: [3, 4], MESSAGE: 'join' },
    answer: { result: [3, '4'] },
    output: [3, 4],
  },
  {
    descriptor: methods.sonetGroupSetOwner as AnyDescriptor,
    method: 'sonet_group.setowner',
    writes: true,
    input: { groupId: 5, userId: 3 },
    params: { GROUP_ID: 5, USER_ID: 3 },
    answer: { result: true },
    output: true,
  },
  {
    descriptor: methods.sonetGroupCreate as AnyDescriptor,
    method: 'sonet_group.create',
    writes: true,
    input: { name: 'Crew', isVisible: false, isOpen: false, invitePermission: 'OWNER_AND_MODERATORS', projectStart: new Date('2026-05-01T00:00:00Z'), subjectId: 2 },
    params: { NAME: 'Crew', VISIBLE: 'N', OPENED: 'N', PROJECT_DATE_START: '2026-05-01T00:00:00.000Z', INITIATE_PERMS: 'E', SUBJECT_ID: 2 },
    answer: { result: 101 },
    output: 101,
  },
  {
    descriptor: methods.sonetGroupUpdate as AnyDescriptor,
    method: 'sonet_group.update',
    writes: true,
    input: { groupId: 5, fields: { isArchived: true, description: '', projectFinish: null } },
    params: { GROUP_ID: 5, CLOSED: 'Y', DESCRIPTION: '', PROJECT_DATE_FINISH: '' },
    answer: { result: '5' },
    output: 5,
  },
  {
    descriptor: methods.sonetGroupDelete as AnyDescriptor,
    method: 'sonet_group.delete',
    writes: true,
    input: { groupId: 5 },
    params: { GROUP_ID: 5 },
    answer: { result: true },
    output: true,
  },
];

describe('moderation method descriptors', () => {
  it('every exported descriptor has a row', () => {
    const exported = (Object.values(methods) as unknown[]).filter((value): value is AnyDescriptor => typeof value === "object" && value !== null && "method" in value);
    expect(new Set(ROWS.map((row) => row.descriptor))).toEqual(new Set(exported));
  });

  it.each(ROWS.map((row) => [row.method, row] as const))('%s: name, write flag, encoding and decoding', (_name, row) => {
    expect(row.descriptor.method).toBe(row.method);
    expect(row.descriptor.writes).toBe(row.writes);
    expect(row.descriptor.encode(row.input as never)).toEqual(row.params);
    expect(row.descriptor.decode(row.answer, row.input as never)).toEqual(row.output);
  });

  const apiError = (method: string, code: string, httpStatus = 400) => new Bitrix24Error({ kind: 'api', code, description: 'localized text', method, httpStatus });

  it.each([
    [methods.usertogroupSetModerator, '403', 'NOT_ALLOWED'],
    [methods.usertogroupExclude, '510', 'NOT_A_MEMBER'],
    [methods.usertogroupRemoveModerator, '100', 'PORTAL_REFUSED'],
    [methods.sonetGroupSetOwner, '510', 'GROUP_NOT_FOUND'],
    [methods.sonetGroupSetOwner, '', 'PORTAL_REFUSED'],
    [methods.sonetGroupUpdate, '', 'PORTAL_REFUSED'],
    [methods.sonetGroupCreate, 'EMPTY_NAME', 'PORTAL_REFUSED'],
    [methods.sonetGroupUserInvite, '', 'PORTAL_REFUSED'],
    [methods.usertogroupAcceptRequest, '100', 'PORTAL_REFUSED'],
    [methods.usertogroupDenyRequest, '100', 'PORTAL_REFUSED'],
    [methods.usertogroupAcceptRequest, '403', null],
    [methods.sonetGroupDelete, 'toString', null],
  ] as const)('%#: %s error %j is the refusal %s (decided on the code, never the text)', (descriptor, code, kind) => {
    const refusal = refusalOf(descriptor as AnyDescriptor, apiError(descriptor.method, code));
    expect(refusal?.kind ?? null).toBe(kind);
  });

  it('a 5xx is a failure, never a refusal', () => {
    expect(refusalOf(methods.sonetGroupUpdate as AnyDescriptor, apiError('sonet_group.update', '', 503))).toBeNull();
  });
});

describe('toGateFactsFilter: sonet_group.get FILTER → workgroup.list filter', () => {
  it.each([
    [{}, {}],
    [{ ID: [1, 2] }, { '@ID': [1, 2] }],
    [{ OWNER_ID: 2, OPENED: 'Y' }, { OWNER_ID: 2, OPENED: 'Y' }],
    [{ '%NAME': 'a', '<=DATE_UPDATE': '2026-01-01T00:00:00+00:00' }, { '%NAME': 'a', '<=DATE_UPDATE': '2026-01-01T00:00:00+00:00' }],
  ] as const)('%j → %j', (filter, expected) => {
    expect(methods.toGateFactsFilter(filter)).toEqual(expected);
  });
});
