/**
 * The caller's self-service decisions as tables: the checks before each write, the outcome from the re-read of the
 * same batch, and how the standing read becomes viewerStatus / viewerCan inputs.
 */
import { describe, expect, it } from 'vitest';
import type { Attempt, Group, GroupRelation, GroupStanding } from '../../../src/bitrix24/index.js';
import {
  autoMemberFrom,
  confirmByReread,
  decideAnswerAfterWrite,
  decideAnswerBeforeWrite,
  decideCancelAfterWrite,
  decideCancelBeforeWrite,
  decideLeaveAfterWrite,
  decideLeaveBeforeWrite,
  fromLegacy,
  fromStanding,
  type AfterWrite,
} from '../../../src/workgroups/index.js';

const G = 35;
const ME = 3;
const standing = (relation: GroupRelation, patch: Partial<GroupStanding> = {}): GroupStanding => ({
  groupId: G, relation, mayLeave: relation === 'MEMBER' || relation === 'MODERATOR', initiatePerms: 'MODERATOR', ownerId: 1,
  scrumMasterId: null, isActive: true, isVisible: true, isOpen: false, isArchived: false, ...patch,
});
const ok = (value: boolean): Attempt<boolean> => ({ ok: true, value });
const refused = (kind: 'NO_PENDING_REQUEST' | 'NOT_ALLOWED' | 'GROUP_NOT_FOUND' | 'NO_INVITATION' | 'PORTAL_REFUSED', code: string): Attempt<boolean> => ({
  ok: false,
  refusal: { kind, code, description: 'Texto del portal' },
});
const after = (written: Attempt<boolean>, relation: GroupRelation | null, visibleBefore = true): AfterWrite => ({
  visibleBefore,
  written,
  standing: relation === null ? null : standing(relation),
});
const portal = (operation: string, code: string, message: string) => ({ kind: 'PORTAL_REFUSED', groupId: G, operation, portalCode: code, portalMessage: message });

describe('cancelMembershipRequest', () => {
  it.each([
    ['invisible or missing group', null, { kind: 'GROUP_NOT_FOUND', groupId: G }],
    ['no relation', standing('NONE'), { kind: 'NO_PENDING_REQUEST', groupId: G }],
    ['an invitation, not a request', standing('INVITATION_PENDING'), { kind: 'NO_PENDING_REQUEST', groupId: G }],
    ['a member', standing('MEMBER'), { kind: 'NO_PENDING_REQUEST', groupId: G }],
    ['a pending request: write', standing('REQUEST_PENDING'), null],
  ] as const)('before the write: %s', (_label, found, expected) => {
    expect(decideCancelBeforeWrite(G, found)).toEqual(expected);
  });

  it.each([
    ['true, re-read NONE: done', after(ok(true), 'NONE'), null],
    ['true, group no longer visible: done', after(ok(true), null), null],
    ['true, but still pending: a silent skip', after(ok(true), 'REQUEST_PENDING'), portal('cancelMembershipRequest', '', 'Bitrix24 answered success, but the re-read shows the relation REQUEST_PENDING')],
    ['false with no error', after(ok(false), 'REQUEST_PENDING'), portal('cancelMembershipRequest', '', 'Bitrix24 answered false')],
    ['510 (gone meanwhile)', after(refused('NO_PENDING_REQUEST', '510'), 'NONE'), { kind: 'NO_PENDING_REQUEST', groupId: G }],
    ['100 (bad ids)', after(refused('PORTAL_REFUSED', '100'), 'REQUEST_PENDING'), portal('cancelMembershipRequest', '100', 'Texto del portal')],
  ] as const)('after the write: %s', (_label, facts, expected) => {
    expect(decideCancelAfterWrite(G, facts)).toEqual(expected);
  });
});

describe('leaveGroup', () => {
  it.each([
    ['invisible or missing group', null, ME, { kind: 'GROUP_NOT_FOUND', groupId: G }],
    ['the owner', standing('OWNER'), ME, { kind: 'OWNER_CANNOT_LEAVE', groupId: G }],
    ['no relation', standing('NONE'), ME, { kind: 'NOT_A_MEMBER', groupId: G }],
    ['a pending request', standing('REQUEST_PENDING'), ME, { kind: 'NOT_A_MEMBER', groupId: G }],
    ['an invitation', standing('INVITATION_PENDING'), ME, { kind: 'NOT_A_MEMBER', groupId: G }],
    ['a member Bitrix24 lets leave: write', standing('MEMBER'), ME, null],
    ['a moderator Bitrix24 lets leave: write', standing('MODERATOR'), ME, null],
    ['a member kept by department sync', standing('MEMBER', { mayLeave: false }), ME, { kind: 'AUTO_MEMBER_CANNOT_LEAVE', groupId: G }],
    ['the scrum master', standing('MEMBER', { mayLeave: false, scrumMasterId: ME }), ME, { kind: 'NOT_ALLOWED', groupId: G, reason: expect.stringContaining('scrum master') }],
    ['kept, with another scrum master', standing('MEMBER', { mayLeave: false, scrumMasterId: 99 }), ME, { kind: 'AUTO_MEMBER_CANNOT_LEAVE', groupId: G }],
  ] as const)('before the write: %s', (_label, found, callerId, expected) => {
    expect(decideLeaveBeforeWrite(G, found, callerId)).toEqual(expected);
  });

  it.each([
    ['success, re-read NONE', after(ok(true), 'NONE'), null],
    ['success, the secret group is gone from view', after(ok(true), null), null],
    ['success but still a member: a silent skip', after(ok(true), 'MEMBER'), portal('leaveGroup', '', 'Bitrix24 answered success, but the re-read shows the relation MEMBER')],
    ['403, now the owner', after(refused('NOT_ALLOWED', '403'), 'OWNER'), { kind: 'OWNER_CANNOT_LEAVE', groupId: G }],
    ['403, no longer a member', after(refused('NOT_ALLOWED', '403'), 'NONE'), { kind: 'NOT_A_MEMBER', groupId: G }],
    ['403, still a member', after(refused('NOT_ALLOWED', '403'), 'MEMBER'), portal('leaveGroup', '403', 'Texto del portal')],
    ['no group', after(refused('GROUP_NOT_FOUND', 'SONET_CONTROLLER_USERTOGROUP_NO_GROUP'), null), { kind: 'GROUP_NOT_FOUND', groupId: G }],
  ] as const)('after the write: %s', (_label, facts, expected) => {
    expect(decideLeaveAfterWrite(G, facts)).toEqual(expected);
  });
});

describe('accept / decline an invitation', () => {
  it.each([
    ['an invitation: write', standing('INVITATION_PENDING'), null],
    ['an invisible group (a secret group hides from its invitees): write, the write refuses loudly', null, null],
    ['no relation', standing('NONE'), { kind: 'NO_INVITATION', groupId: G }],
    ['a request, not an invitation', standing('REQUEST_PENDING'), { kind: 'NO_INVITATION', groupId: G }],
    ['already a member', standing('MEMBER'), { kind: 'NO_INVITATION', groupId: G }],
  ] as const)('before the write: %s', (_label, found, expected) => {
    expect(decideAnswerBeforeWrite(G, found)).toEqual(expected);
  });

  const accept = decideAnswerAfterWrite('acceptInvitation', (relation) => relation === 'MEMBER' || relation === 'MODERATOR' || relation === 'OWNER');
  const decline = decideAnswerAfterWrite('declineInvitation', (relation) => relation === 'NONE');
  it.each([
    ['accept, re-read MEMBER', accept, after(ok(true), 'MEMBER'), null],
    ['accept, still invited', accept, after(ok(true), 'INVITATION_PENDING'), portal('acceptInvitation', '', 'Bitrix24 answered success, but the re-read shows the relation INVITATION_PENDING')],
    ['accept, no invitation, visible group', accept, after(refused('NO_INVITATION', 'ERROR_NO_GROUP_REQUEST'), 'NONE'), { kind: 'NO_INVITATION', groupId: G }],
    ['accept, no invitation, invisible group: not found (nothing tells a stranger a secret group exists)', accept, after(refused('NO_INVITATION', 'ERROR_NO_GROUP_REQUEST'), null, false), { kind: 'GROUP_NOT_FOUND', groupId: G }],
    ['decline, re-read NONE', decline, after(ok(true), 'NONE'), null],
    ['decline of a secret group: invisible afterwards, done', decline, after(ok(true), null, false), null],
    ['decline, answered false', decline, after(ok(false), 'INVITATION_PENDING'), portal('declineInvitation', '', 'Bitrix24 answered false')],
  ] as const)('after the write: %s', (_label, decide, facts, expected) => {
    expect(decide(G, facts)).toEqual(expected);
  });
});

describe('confirmByReread', () => {
  it('leaves a listed refusal to the operation', () => {
    expect(confirmByReread(G, 'op', after(refused('NO_INVITATION', 'X'), 'NONE'), () => true)).toBeUndefined();
  });
});

describe('the standing as viewerCan inputs', () => {
  it.each([
    ['a member Bitrix24 lets leave', standing('MEMBER', { mayLeave: true }), false],
    ['a member Bitrix24 keeps, no scrum master: department sync', standing('MEMBER', { mayLeave: false }), true],
    ['a moderator Bitrix24 keeps, a scrum master exists: cannot tell', standing('MODERATOR', { mayLeave: false, scrumMasterId: 7 }), null],
    ['the owner (not applicable)', standing('OWNER', { mayLeave: false }), false],
    ['a pending request (not applicable)', standing('REQUEST_PENDING', { mayLeave: false }), false],
  ] as const)('autoMemberFrom: %s', (_label, found, expected) => {
    expect(autoMemberFrom(found)).toBe(expected);
  });

  it('fromStanding keeps the relation and every setting', () => {
    expect(fromStanding(standing('INVITATION_PENDING', { isArchived: true, initiatePerms: 'OWNER' }))).toEqual({
      relation: { status: 'INVITATION_PENDING', autoMember: false },
      settings: { initiatePerms: 'OWNER', isActive: true, isVisible: true, isOpen: false, isArchived: true, ownerId: 1, scrumMasterId: null },
    });
  });

  it('fromLegacy: the role or NONE, INITIATE_PERMS and AUTO_MEMBER unknown', () => {
    const group = { id: G, isActive: true, isVisible: false, isOpen: false, isArchived: false, ownerId: 1 } as Group;
    expect(fromLegacy(group, null)).toEqual({
      relation: { status: 'NONE', autoMember: null },
      settings: { initiatePerms: null, isActive: true, isVisible: false, isOpen: false, isArchived: false, ownerId: 1, scrumMasterId: null },
    });
    expect(fromLegacy(group, 'MODERATOR').relation.status).toBe('MODERATOR');
  });
});
