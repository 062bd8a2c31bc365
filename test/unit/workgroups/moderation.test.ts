/** The moderators' decisions as tables: pure functions, no upstream. */
import { describe, expect, it } from 'vitest';
import type { Group, GroupStanding, Relation } from '../../../src/bitrix24/index.js';
import * as moderationMethods from '../../../src/bitrix24/moderation-methods.js';
import {
  actionFor,
  changedFields,
  decideDelete,
  decideInvitations,
  decideMemberChangeAfterWrite,
  decideMemberChangeBeforeWrite,
  decideRequestAnswerAfterWrite,
  decideRequestAnswerBeforeWrite,
  NO_PERMISSIONS,
  permissionsFrom,
  planInvitations,
  type PermissionFacts,
} from '../../../src/workgroups/index.js';

const GROUP: Group = {
  id: 5, name: 'Crew', description: null, keywords: null, isActive: true, isVisible: true, isOpen: false, isArchived: false, isProject: false,
  projectStart: null, projectFinish: null, createdAt: null, updatedAt: null, lastActivityAt: null, memberCount: 3, moderatorCount: 1,
  subjectId: 1, subjectName: 'Workgroups', ownerId: 1, imagePath: null,
};

const standing = (relation: GroupStanding['relation'], initiatePerms: GroupStanding['initiatePerms']): PermissionFacts => ({
  d7: true,
  standing: { groupId: 5, relation, initiatePerms, ownerId: 1, scrumMasterId: null, isActive: true, isVisible: true, isOpen: false, isArchived: false },
});

const request: Relation = { id: 12, groupId: 5, userId: 3, kind: 'REQUEST', message: null, createdAt: null };

describe('the gate: viewerCan.processRequests from the caller\'s standing', () => {
  it.each([
    ['OWNER', 'OWNER', true],
    ['MODERATOR', 'OWNER', false],
    ['MODERATOR', 'MODERATOR', true],
    ['MEMBER', 'MODERATOR', false],
    ['MEMBER', 'MEMBER', true],
    ['REQUEST_PENDING', 'MEMBER', false],
    ['INVITATION_PENDING', 'MEMBER', false],
    ['NONE', 'MEMBER', false],
    ['MODERATOR', null, false],
    ['OWNER', null, true],
  ] as const)('%s with INITIATE_PERMS %s → %s', (relation, perms, expected) => {
    expect(permissionsFrom(GROUP, standing(relation, perms)).processRequests).toBe(expected);
  });

  it('fails closed for a group the caller cannot see, and with the D7 surface off', () => {
    expect(permissionsFrom(GROUP, { d7: true, standing: null })).toEqual(NO_PERMISSIONS);
    expect(permissionsFrom(GROUP, { d7: false, viewerGroups: [{ groupId: 5, groupName: 'Crew', role: 'OWNER' }] }).processRequests).toBe(false);
  });
});

describe('answering a request', () => {
  const allowed = standing('MODERATOR', 'MODERATOR');
  it.each([
    ['no group', null, allowed, [request], 'GROUP_NOT_FOUND'],
    ['not allowed (the relation is not even looked at)', GROUP, standing('MEMBER', 'MODERATOR'), [], 'NOT_ALLOWED'],
    ['no such relation', GROUP, allowed, [], 'NO_PENDING_REQUEST'],
    ['an invitation, not a request', GROUP, allowed, [{ ...request, kind: 'INVITATION' }], 'NO_PENDING_REQUEST'],
    ['a member', GROUP, allowed, [{ ...request, kind: 'MEMBER' }], 'NO_PENDING_REQUEST'],
    ['another group\'s relation', GROUP, allowed, [{ ...request, groupId: 6 }], 'NO_PENDING_REQUEST'],
    ['a pending request', GROUP, allowed, [request], null],
  ] as const)('before the write: %s → %s', (_label, group, facts, relations, kind) => {
    expect(decideRequestAnswerBeforeWrite(5, group, facts, relations as readonly Relation[])?.refusal.kind ?? null).toBe(kind);
  });

  it.each([
    ['ACCEPT', { ok: true, value: true }, [{ ...request, kind: 'MEMBER' }], GROUP, 'ok'],
    ['DENY', { ok: true, value: true }, [], GROUP, 'ok'],
    ['ACCEPT', { ok: true, value: false }, [request], GROUP, 'NOT_ALLOWED'],
    ['ACCEPT', { ok: true, value: true }, [request], GROUP, 'PORTAL_REFUSED'],
    ['ACCEPT', { ok: true, value: true }, [], GROUP, 'NO_PENDING_REQUEST'],
    ['DENY', { ok: true, value: true }, [{ ...request, kind: 'MEMBER' }], GROUP, 'NO_PENDING_REQUEST'],
    ['ACCEPT', { ok: true, value: false }, [request], null, 'GROUP_NOT_FOUND'],
  ] as const)('after %s answered %j with the relation re-read as %j → %s', (answer, written, after, group, expected) => {
    const outcome = decideRequestAnswerAfterWrite(5, answer, request, written, after as readonly Relation[], group);
    expect(outcome.ok ? 'ok' : outcome.refusal.kind).toBe(expected);
  });
});

describe('inviting', () => {
  const user = (id: number) => ({ id, name: null, lastName: null, email: null, photoUrl: null, workPosition: null, isActive: true, isOnline: false });
  it('sorts who to send and who to skip, in the order asked', () => {
    const plan = planInvitations(
      [10, 11, 12, 13, 14],
      [user(10), null, user(12), user(13), user(14)],
      [{ groupId: 5, userId: 12, role: 'MEMBER' }],
      [{ ...request, userId: 13, kind: 'INVITATION' }, { ...request, userId: 14, kind: 'REQUEST' }],
    );
    expect(plan).toEqual({
      candidates: [10],
      skipped: [
        { userId: 11, reason: 'NOT_FOUND' },
        { userId: 12, reason: 'ALREADY_MEMBER' },
        { userId: 13, reason: 'ALREADY_INVITED' },
        { userId: 14, reason: 'REQUEST_PENDING' },
      ],
    });
  });

  it('a candidate the portal did not invite is skipped by the portal', () => {
    const outcome = decideInvitations(5, { candidates: [10, 20], skipped: [] }, { ok: true, value: [10] }, GROUP);
    expect(outcome).toEqual({ ok: true, value: { group: GROUP, invitedUserIds: [10], skipped: [{ userId: 20, reason: 'SKIPPED_BY_PORTAL' }] } });
  });
});

describe('member changes', () => {
  const members = [
    { groupId: 5, userId: 1, role: 'OWNER' as const },
    { groupId: 5, userId: 2, role: 'MODERATOR' as const },
    { groupId: 5, userId: 3, role: 'MEMBER' as const },
  ];
  it.each([
    [{ kind: 'SET_ROLE', role: 'MODERATOR' }, 'MEMBER', moderationMethods.usertogroupSetModerator],
    [{ kind: 'SET_ROLE', role: 'MEMBER' }, 'MODERATOR', moderationMethods.usertogroupRemoveModerator],
    [{ kind: 'SET_ROLE', role: 'MODERATOR' }, 'MODERATOR', null],
    [{ kind: 'REMOVE' }, 'MEMBER', moderationMethods.usertogroupExclude],
    [{ kind: 'TRANSFER_OWNERSHIP' }, 'MODERATOR', moderationMethods.sonetGroupSetOwner],
    [{ kind: 'TRANSFER_OWNERSHIP' }, 'OWNER', null],
  ] as const)('%j on a %s → %s', (change, current, action) => {
    expect(actionFor(change, current)).toBe(action);
  });

  it.each([
    [null, 3, { kind: 'REMOVE' }, 'GROUP_NOT_FOUND'],
    [GROUP, 9, { kind: 'REMOVE' }, 'NOT_A_MEMBER'],
    [GROUP, 1, { kind: 'REMOVE' }, 'NOT_ALLOWED'],
    [GROUP, 1, { kind: 'SET_ROLE', role: 'MEMBER' }, 'NOT_ALLOWED'],
    [GROUP, 3, { kind: 'SET_ROLE', role: 'MODERATOR' }, 'ok'],
    [GROUP, 2, { kind: 'TRANSFER_OWNERSHIP' }, 'ok'],
  ] as const)('before the write: group %#, user %s, %j → %s', (group, userId, change, expected) => {
    const outcome = decideMemberChangeBeforeWrite(5, userId, change, group, members);
    expect(outcome.ok ? 'ok' : outcome.refusal.kind).toBe(expected);
  });

  it.each([
    [{ ok: true, value: true }, [{ groupId: 5, userId: 3, role: 'MODERATOR' }], 'ok'],
    [{ ok: true, value: true }, [{ groupId: 5, userId: 3, role: 'MEMBER' }], 'PORTAL_REFUSED'],
    [{ ok: false, refusal: { kind: 'NOT_ALLOWED', code: '403', description: 'Insufficient permissions' } }, [], 'NOT_ALLOWED'],
    [{ ok: false, refusal: { kind: 'NOT_A_MEMBER', code: '510', description: 'Record not found' } }, [], 'NOT_A_MEMBER'],
    [{ ok: false, refusal: { kind: 'PORTAL_REFUSED', code: '100', description: 'Cannot complete operation.' } }, [], 'PORTAL_REFUSED'],
  ] as const)('after a promotion answered %j and re-read %j → %s', (written, after, expected) => {
    const outcome = decideMemberChangeAfterWrite(5, 3, { kind: 'SET_ROLE', role: 'MODERATOR' }, written, after, GROUP);
    expect(outcome.ok ? 'ok' : outcome.refusal.kind).toBe(expected);
  });
});

describe('group settings', () => {
  it('sends only what differs; invite permission and project dates always', () => {
    expect(changedFields(GROUP, { name: 'Crew', isOpen: true, isArchived: false, invitePermission: 'OWNER', projectStart: null })).toEqual({
      isOpen: true,
      invitePermission: 'OWNER',
      projectStart: null,
    });
    expect(changedFields(GROUP, { isArchived: false })).toEqual({});
  });

  const may = { ...NO_PERMISSIONS, delete: true };
  it.each([
    [{ ok: true, value: true }, null, may, 'ok'],
    [{ ok: true, value: true }, GROUP, may, 'PORTAL_REFUSED'],
    [{ ok: false, refusal: { kind: 'PORTAL_REFUSED', code: '', description: 'User has no permissions to delete group' } }, GROUP, NO_PERMISSIONS, 'NOT_ALLOWED'],
    [{ ok: false, refusal: { kind: 'PORTAL_REFUSED', code: '', description: 'Cannot delete group' } }, GROUP, may, 'PORTAL_REFUSED'],
    [{ ok: false, refusal: { kind: 'PORTAL_REFUSED', code: '', description: 'Socialnetwork group not found' } }, null, may, 'GROUP_NOT_FOUND'],
  ] as const)('delete answered %j, re-read %#: → %s', (written, after, permissions, expected) => {
    const outcome = decideDelete(5, permissions, written, after);
    expect(outcome.ok ? 'ok' : outcome.refusal.kind).toBe(expected);
  });
});
