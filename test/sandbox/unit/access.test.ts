import { describe, expect, it } from 'vitest';
import {
  canDeleteIncomingRequest,
  canDeleteOutgoingRequest,
  canExclude,
  canInitiate,
  canJoin,
  canLeave,
  canModify,
  canProcessIncomingRequests,
  canRemoveModerator,
  canSetModerator,
} from '../../../src/sandbox/access.js';
import type { RelationRecord } from '../../../src/sandbox/store.js';

const ME = 10;
const OWNER = 20;
type Perms = 'A' | 'E' | 'K';
const group = (over: Partial<{ initiatePerms: Perms; closed: 'Y' | 'N'; visible: 'Y' | 'N'; scrumMasterId: number }> = {}) => ({
  ownerId: OWNER, initiatePerms: 'K' as Perms, closed: 'N' as const, visible: 'Y' as const, scrumMasterId: 0, ...over,
});
const rel = (role: RelationRecord['role'], over: Partial<RelationRecord> = {}) => ({
  role, initiatedByType: 'U' as const, initiatedByUserId: ME, autoMember: 'N' as const, userId: ME, ...over,
});
const me = { userId: ME, isAdmin: false };
const admin = { userId: ME, isAdmin: true };

describe('request processing by INITIATE_PERMS (core check)', () => {
  const table: [Perms, RelationRecord['role'] | undefined, boolean][] = [
    ['A', 'A', false], // A means the group's OWNER_ID, not the A relation
    ['A', 'E', false],
    ['E', 'A', true],
    ['E', 'E', true],
    ['E', 'K', false],
    ['K', 'K', true],
    ['K', 'Z', false],
    ['K', undefined, false],
  ];
  it.each(table)('INITIATE_PERMS %s, caller role %s → %s', (perms, role, expected) => {
    expect(canProcessIncomingRequests(group({ initiatePerms: perms }), role ? rel(role) : undefined, me)).toBe(expected);
  });
  it('the OWNER_ID may when INITIATE_PERMS is A; an admin always', () => {
    expect(canProcessIncomingRequests({ ...group({ initiatePerms: 'A' }), ownerId: ME }, rel('A'), me)).toBe(true);
    expect(canProcessIncomingRequests(group({ initiatePerms: 'A' }), undefined, admin)).toBe(true);
  });
});

describe('invite (canInitiate) and modify (canModify)', () => {
  it.each([
    ['A', 'A', true], ['A', 'E', false], ['E', 'E', true], ['E', 'K', false], ['K', 'K', true], ['K', 'Z', false],
  ] as [Perms, RelationRecord['role'], boolean][])('INITIATE_PERMS %s, role %s → %s', (perms, role, expected) => {
    expect(canInitiate(group({ initiatePerms: perms }), rel(role), me)).toBe(expected);
  });
  it('owner, scrum master and admin modify; a moderator does not', () => {
    expect(canModify(group(), rel('A'), me)).toBe(true);
    expect(canModify(group({ scrumMasterId: ME }), rel('K'), me)).toBe(true);
    expect(canModify(group(), undefined, admin)).toBe(true);
    expect(canModify(group(), rel('E'), me)).toBe(false);
  });
});

describe('the caller’s own side', () => {
  it.each([
    ['no relation', undefined, group(), true],
    ['an invitation', rel('Z', { initiatedByType: 'G' }), group(), true],
    ['a pending request', rel('Z'), group(), false],
    ['a member', rel('K'), group(), false],
    ['a secret group', undefined, group({ visible: 'N' }), false],
    ['an archived group', undefined, group({ closed: 'Y' }), false],
  ] as const)('join with %s → %s', (_label, r, g, expected) => {
    expect(canJoin(g, r, me)).toBe(expected);
  });
  it.each([
    ['K', 'N', 0, true], ['E', 'N', 0, true], ['A', 'N', 0, false], ['Z', 'N', 0, false], ['K', 'Y', 0, false], ['K', 'N', ME, false],
  ] as [RelationRecord['role'], 'Y' | 'N', number, boolean][])('leave as %s (auto %s, scrum master %s) → %s', (role, auto, sm, expected) => {
    expect(canLeave(group({ scrumMasterId: sm }), rel(role, { autoMember: auto }), me)).toBe(expected);
  });
  it('withdraw only one’s own request; cancel an invitation only with invite rights or as its sender', () => {
    expect(canDeleteIncomingRequest(rel('Z'), me)).toBe(true);
    expect(canDeleteIncomingRequest(rel('Z', { initiatedByUserId: 99 }), me)).toBe(false);
    expect(canDeleteIncomingRequest(rel('Z', { initiatedByType: 'G' }), me)).toBe(false);
    const invitation = rel('Z', { initiatedByType: 'G', initiatedByUserId: 99, userId: 50 });
    expect(canDeleteOutgoingRequest(group({ initiatePerms: 'E' }), invitation, rel('K'), me)).toBe(false);
    expect(canDeleteOutgoingRequest(group({ initiatePerms: 'E' }), invitation, rel('E'), me)).toBe(true);
    expect(canDeleteOutgoingRequest(group({ initiatePerms: 'A' }), { ...invitation, initiatedByUserId: ME }, rel('K'), me)).toBe(true);
  });
});

describe('role changes by the owner', () => {
  const target = (role: RelationRecord['role'], over: Partial<RelationRecord> = {}) => rel(role, { userId: 50, ...over });
  it('set/remove moderator need the right current role, an unarchived group and canModify', () => {
    expect(canSetModerator(group(), target('K'), rel('A'), me)).toBe(true);
    expect(canSetModerator(group(), target('E'), rel('A'), me)).toBe(false);
    expect(canSetModerator(group({ closed: 'Y' }), target('K'), rel('A'), me)).toBe(false);
    expect(canSetModerator(group(), target('K'), rel('E'), me)).toBe(false);
    expect(canRemoveModerator(group(), target('E'), rel('A'), me)).toBe(true);
    expect(canRemoveModerator(group(), rel('E'), rel('A'), me)).toBe(false); // self
  });
  it('exclude: K or E, not self, not auto-member, not the scrum master', () => {
    expect(canExclude(group(), target('K'), rel('A'), me)).toBe(true);
    expect(canExclude(group(), target('E'), rel('A'), me)).toBe(true);
    expect(canExclude(group(), target('A'), rel('A'), me)).toBe(false);
    expect(canExclude(group(), target('Z'), rel('A'), me)).toBe(false);
    expect(canExclude(group(), target('K', { autoMember: 'Y' }), rel('A'), me)).toBe(false);
    expect(canExclude(group({ scrumMasterId: 50 }), target('K'), rel('A'), me)).toBe(false);
    expect(canExclude(group(), target('K'), rel('E'), me)).toBe(false);
  });
});
