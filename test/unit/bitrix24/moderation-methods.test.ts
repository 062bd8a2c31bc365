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
