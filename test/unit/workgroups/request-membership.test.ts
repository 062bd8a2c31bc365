/** requestMembership's decisions as tables: the checks before the write, and the outcome from the re-read. */
import { describe, expect, it } from 'vitest';
import type { Group, ViewerGroup } from '../../../src/bitrix24/index.js';
import { decideAfterWrite, decideBeforeWrite } from '../../../src/workgroups/index.js';

const group = (id: number, isOpen: boolean): Group => ({
  id, name: `G${id}`, description: null, keywords: null, isActive: true, isVisible: true, isOpen, isArchived: false, isProject: false,
  projectStart: null, projectFinish: null, createdAt: null, updatedAt: null, lastActivityAt: null, memberCount: 1, moderatorCount: 0,
  subjectId: null, subjectName: null, ownerId: 1, imagePath: null,
});
const mine = (groupId: number, role: ViewerGroup['role']): ViewerGroup => ({ groupId, groupName: `G${groupId}`, role });

describe('decideBeforeWrite', () => {
  it.each([
    ['a group the caller cannot see', null, [], { ok: false, refusal: { kind: 'GROUP_NOT_FOUND', groupId: 7 } }],
    ['the owner', group(7, false), [mine(7, 'OWNER')], { ok: false, refusal: { kind: 'ALREADY_MEMBER', groupId: 7, role: 'OWNER' } }],
    ['a moderator', group(7, true), [mine(7, 'MODERATOR')], { ok: false, refusal: { kind: 'ALREADY_MEMBER', groupId: 7, role: 'MODERATOR' } }],
    ['a member', group(7, true), [mine(3, 'OWNER'), mine(7, 'MEMBER')], { ok: false, refusal: { kind: 'ALREADY_MEMBER', groupId: 7, role: 'MEMBER' } }],
    ['a stranger to this group (member elsewhere)', group(7, false), [mine(3, 'MEMBER')], null],
  ] as const)('%s', (_label, found, viewerGroups, expected) => {
    expect(decideBeforeWrite(7, found, viewerGroups)).toEqual(expected);
  });
});

describe('decideAfterWrite: the outcome comes from the re-read of the same batch', () => {
  const refused = (code: string) => ({ ok: false as const, refusal: { kind: 'PORTAL_REFUSED' as const, code, description: 'Texto del portal' } });
  it.each([
    ['written, listed as a member afterwards: JOINED', { ok: true, value: true }, group(7, true), [mine(7, 'MEMBER')], { ok: true, value: { status: 'JOINED', group: group(7, true) } }],
    ['written, not listed afterwards: REQUESTED', { ok: true, value: true }, group(7, false), [], { ok: true, value: { status: 'REQUESTED', group: group(7, false) } }],
    // The re-read decides, not the OPENED flag read before: a group opened in between still answers JOINED.
    ['written to a group that closed meanwhile, listed: JOINED', { ok: true, value: true }, group(7, false), [mine(7, 'MEMBER')], { ok: true, value: { status: 'JOINED', group: group(7, false) } }],
    ['refused with "" and the group gone from the re-read: GROUP_NOT_FOUND', refused(''), null, [], { ok: false, refusal: { kind: 'GROUP_NOT_FOUND', groupId: 7 } }],
    ['refused with "" and the group still there: the portal\'s refusal', refused(''), group(7, false), [], { ok: false, refusal: { kind: 'PORTAL_REFUSED', groupId: 7, operation: 'requestMembership', portalCode: '', portalMessage: 'Texto del portal' } }],
    ['refused with ERROR_NO_GROUP (inactive)', refused('ERROR_NO_GROUP'), group(7, false), [], { ok: false, refusal: { kind: 'PORTAL_REFUSED', groupId: 7, operation: 'requestMembership', portalCode: 'ERROR_NO_GROUP', portalMessage: 'Texto del portal' } }],
    ['answered false with no error', { ok: true, value: false }, group(7, false), [], { ok: false, refusal: { kind: 'PORTAL_REFUSED', groupId: 7, operation: 'requestMembership', portalCode: '', portalMessage: 'Bitrix24 answered false' } }],
  ] as const)('%s', (_label, written, reread, after, expected) => {
    expect(decideAfterWrite(7, written, reread, after)).toEqual(expected);
  });
});
