/** Each method descriptor as a table row: name, write flag, encoding, decoding, and its error-code table. */
import { describe, expect, it } from 'vitest';
import { refusalOf, type MethodDescriptor } from '../../../src/bitrix24/descriptor.js';
import { Bitrix24Error } from '../../../src/bitrix24/errors.js';
import * as methods from '../../../src/bitrix24/methods.js';
import { REFUSAL_KINDS } from '../../../src/bitrix24/refusal.js';

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

const GROUP_ROW = { ID: '7', NAME: 'Sales', OPENED: 'N', ACTIVE: 'Y', VISIBLE: 'Y', CLOSED: 'N', PROJECT: 'N', NUMBER_OF_MEMBERS: '3', OWNER_ID: '1' };
const USER_ROW = { ID: '1', NAME: 'Anna', LAST_NAME: 'Petrova', ACTIVE: true, IS_ONLINE: 'N' };

const ROWS: Row[] = [
  {
    descriptor: methods.sonetGroupGet as AnyDescriptor,
    method: 'sonet_group.get',
    writes: false,
    input: { filter: { ID: [7, 8] } },
    params: { FILTER: { ID: [7, 8] } },
    answer: { result: [GROUP_ROW, { NAME: 'no id: dropped' }], total: 1 },
    output: { groups: [expect.objectContaining({ id: 7, name: 'Sales', isOpen: false, memberCount: 3, ownerId: 1 })], total: 1 },
  },
  {
    descriptor: methods.sonetGroupGet as AnyDescriptor,
    method: 'sonet_group.get',
    writes: false,
    input: { filter: { '%NAME': 'Sa' }, order: { NAME: 'ASC' }, start: 50 },
    params: { FILTER: { '%NAME': 'Sa' }, ORDER: { NAME: 'ASC' }, start: 50 },
    answer: { result: [] },
    output: { groups: [], total: 0 },
  },
  {
    descriptor: methods.userGet as AnyDescriptor,
    method: 'user.get',
    writes: false,
    input: { ids: [1, 2] },
    params: { FILTER: { ID: [1, 2] } },
    answer: { result: [USER_ROW] },
    output: [expect.objectContaining({ id: 1, name: 'Anna', lastName: 'Petrova', isActive: true, isOnline: false })],
  },
  {
    descriptor: methods.sonetGroupUserGet as AnyDescriptor,
    method: 'sonet_group.user.get',
    writes: false,
    input: { groupId: 7 },
    params: { ID: 7 },
    answer: { result: [{ USER_ID: '1', ROLE: 'A' }, { USER_ID: '2', ROLE: 'K' }, { USER_ID: '3', ROLE: 'Z' }] },
    output: [
      { groupId: 7, userId: 1, role: 'OWNER' },
      { groupId: 7, userId: 2, role: 'MEMBER' },
    ],
  },
  {
    descriptor: methods.userCurrent as AnyDescriptor,
    method: 'user.current',
    writes: false,
    input: undefined,
    params: {},
    answer: { result: USER_ROW },
    output: expect.objectContaining({ id: 1, name: 'Anna' }),
  },
  {
    descriptor: methods.sonetGroupUserGroups as AnyDescriptor,
    method: 'sonet_group.user.groups',
    writes: false,
    input: undefined,
    params: {},
    answer: { result: [{ GROUP_ID: '7', GROUP_NAME: 'Sales', ROLE: 'E' }] },
    output: [{ groupId: 7, groupName: 'Sales', role: 'MODERATOR' }],
  },
  {
    descriptor: methods.sonetGroupUserRequest as AnyDescriptor,
    method: 'sonet_group.user.request',
    writes: true,
    input: { groupId: 7, message: 'hi' },
    params: { GROUP_ID: 7, MESSAGE: 'hi' },
    answer: { result: true },
    output: true,
  },
  {
    descriptor: methods.sonetGroupUserRequest as AnyDescriptor,
    method: 'sonet_group.user.request',
    writes: true,
    input: { groupId: 7, message: '' },
    params: { GROUP_ID: 7, MESSAGE: '' },
    answer: { result: false },
    output: false,
  },
];

describe('method descriptors', () => {
  it('covers every exported descriptor', () => {
    const exported = new Set(Object.values(methods));
    expect(new Set(ROWS.map((row) => row.descriptor))).toEqual(exported);
  });

  it.each(ROWS.map((row) => [row.method, JSON.stringify(row.input) ?? 'no input', row] as const))('%s %s: name, write flag, encoding, decoding', (_m, _i, row) => {
    expect(row.descriptor.method).toBe(row.method);
    expect(row.descriptor.writes).toBe(row.writes);
    expect(row.descriptor.encode(row.input as never)).toEqual(row.params);
    expect(row.descriptor.decode(row.answer, row.input as never)).toEqual(row.output);
  });

  it('user.current without a user id is a protocol error, not a user', () => {
    expect(() => methods.userCurrent.decode({ result: {} }, undefined)).toThrow(expect.objectContaining({ kind: 'protocol', code: 'ERR_UPSTREAM_PROTOCOL' }));
  });

  it('maps only to kinds of the shared list', () => {
    for (const descriptor of Object.values(methods)) {
      for (const kind of Object.values(descriptor.refusals)) expect(REFUSAL_KINDS).toContain(kind);
    }
  });
});

const api = (code: string, httpStatus?: number) => new Bitrix24Error({ kind: 'api', code, description: 'Texte localisé', method: 'sonet_group.user.request', httpStatus });

describe('refusalOf: a Bitrix24 error is a refusal only when the descriptor lists its code', () => {
  it.each([
    ['empty code (legacy business error), 400', api('', 400), { kind: 'PORTAL_REFUSED', code: '', description: 'Texte localisé' }],
    ['empty code inside a batch (no status)', api(''), { kind: 'PORTAL_REFUSED', code: '', description: 'Texte localisé' }],
    ['ERROR_NO_GROUP (inactive group)', api('ERROR_NO_GROUP', 400), { kind: 'PORTAL_REFUSED', code: 'ERROR_NO_GROUP', description: 'Texte localisé' }],
    ['ERROR_CORE', api('ERROR_CORE', 400), { kind: 'PORTAL_REFUSED', code: 'ERROR_CORE', description: 'Texte localisé' }],
    ['a listed code under a 5xx is a failure', api('', 500), null],
    ['an unlisted code is a failure', api('ACCESS_DENIED', 403), null],
    ['an auth error is a failure', api('expired_token', 401), null],
    ['an inherited property name is not a code', api('toString', 400), null],
    ['a timeout is a failure', new Bitrix24Error({ kind: 'timeout', code: 'ERR_UPSTREAM_TIMEOUT', description: 'x', method: 'batch' }), null],
    ['a plain Error is a failure', new Error('boom'), null],
  ])('%s', (_label, error, expected) => {
    expect(refusalOf(methods.sonetGroupUserRequest as AnyDescriptor, error)).toEqual(expected);
  });

  it('a read-only descriptor lists no refusals: every error is a failure', () => {
    expect(refusalOf(methods.sonetGroupGet as AnyDescriptor, api('', 400))).toBeNull();
  });
});
