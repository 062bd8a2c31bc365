/**
 * viewerCan as a table: each row is a caller's relation, the group's settings and what is known of the caller; the
 * expected column lists the fields that are true (every other field must be false).
 */
import { describe, expect, it } from 'vitest';
import {
  GROUP_VIEWER_PERMISSION_FIELDS,
  NO_PERMISSIONS,
  satisfiesInitiatePerms,
  viewerCan,
  type GroupSettings,
  type GroupViewerPermissions,
  type InitiatePermission,
  type ViewerFacts,
  type ViewerGroupStatus,
  type ViewerRelation,
} from '../../../src/workgroups/index.js';

type Field = keyof GroupViewerPermissions;

const CALLER = 3;
const OTHER = 1;

const closed = (overrides: Partial<GroupSettings> = {}): GroupSettings => ({
  initiatePerms: 'MODERATOR',
  isActive: true,
  isVisible: true,
  isOpen: false,
  isArchived: false,
  ownerId: OTHER,
  scrumMasterId: null,
  ...overrides,
});
const rel = (status: ViewerGroupStatus, autoMember: boolean | null = false): ViewerRelation => ({ status, autoMember });
const user: ViewerFacts = { userId: CALLER, isAdmin: false, d7: true };
const admin: ViewerFacts = { userId: CALLER, isAdmin: true, d7: true };
const noD7: ViewerFacts = { userId: CALLER, isAdmin: false, d7: false };
const ownGroup = (overrides: Partial<GroupSettings> = {}) => closed({ ownerId: CALLER, ...overrides });

const allowing = (...fields: Field[]): GroupViewerPermissions =>
  Object.fromEntries(GROUP_VIEWER_PERMISSION_FIELDS.map((field) => [field, fields.includes(field)])) as unknown as GroupViewerPermissions;

describe('viewerCan', () => {
  it.each<[string, ViewerRelation, GroupSettings, ViewerFacts, Field[]]>([
    // No relation.
    ['a stranger to a closed group may ask to join', rel('NONE'), closed(), user, ['requestMembership']],
    ['a stranger to an open group may join', rel('NONE'), closed({ isOpen: true }), user, ['requestMembership']],
    ['a stranger to an archived group may not ask', rel('NONE'), closed({ isArchived: true }), user, []],
    ['a stranger to an inactive group may not ask (the portal answers ERROR_NO_GROUP)', rel('NONE'), closed({ isActive: false }), user, []],
    ['a stranger who sees a secret group (an admin) may not ask: the legacy request hides it', rel('NONE'), closed({ isVisible: false }), user, []],
    ['a stranger without D7 may still ask (legacy method)', rel('NONE'), closed(), noD7, ['requestMembership']],
    // Pending request (Z/U).
    ['a pending requester may cancel, not ask again (the legacy write would overwrite it)', rel('REQUEST_PENDING'), closed(), user, ['cancelRequest']],
    ['a pending requester without D7 may do nothing', rel('REQUEST_PENDING'), closed(), noD7, []],
    ['a pending requester may not process requests even when INITIATE_PERMS = K', rel('REQUEST_PENDING'), closed({ initiatePerms: 'MEMBER' }), user, ['cancelRequest']],
    // Pending invitation (Z/G).
    ['an invitee may accept or decline', rel('INVITATION_PENDING'), closed(), user, ['acceptInvitation', 'declineInvitation']],
    ['an invitee to an archived group may still answer the invitation', rel('INVITATION_PENDING'), closed({ isArchived: true }), user, ['acceptInvitation', 'declineInvitation']],
    ['an invitee without D7 may do nothing', rel('INVITATION_PENDING'), closed(), noD7, []],
    // Plain member (K), by INITIATE_PERMS.
    ['a member, INITIATE_PERMS = A: leave only', rel('MEMBER'), closed({ initiatePerms: 'OWNER' }), user, ['leave']],
    ['a member, INITIATE_PERMS = E: leave only', rel('MEMBER'), closed({ initiatePerms: 'MODERATOR' }), user, ['leave']],
    ['a member, INITIATE_PERMS = K: leave, invite, process requests', rel('MEMBER'), closed({ initiatePerms: 'MEMBER' }), user, ['leave', 'invite', 'processRequests']],
    ['a member, INITIATE_PERMS unknown: leave only (fail closed)', rel('MEMBER'), closed({ initiatePerms: null }), user, ['leave']],
    ['a member kept by department sync may not leave', rel('MEMBER', true), closed(), user, []],
    ['a member whose AUTO_MEMBER flag is unknown may not leave (fail closed)', rel('MEMBER', null), closed(), user, []],
    ['a member who is the scrum master may not leave, but modifies the project', rel('MEMBER'), closed({ scrumMasterId: CALLER }), user, ['invite', 'manageMembers', 'edit']],
    ['a member of an archived group may leave', rel('MEMBER'), closed({ isArchived: true }), user, ['leave']],
    ['a member without D7: nothing D7 needs', rel('MEMBER'), closed({ initiatePerms: 'MEMBER' }), noD7, ['invite']],
    // Moderator (E).
    ['a moderator, INITIATE_PERMS = A: leave only', rel('MODERATOR'), closed({ initiatePerms: 'OWNER' }), user, ['leave']],
    ['a moderator, INITIATE_PERMS = E: leave, invite, process requests', rel('MODERATOR'), closed({ initiatePerms: 'MODERATOR' }), user, ['leave', 'invite', 'processRequests']],
    ['a moderator, INITIATE_PERMS = K: leave, invite, process requests', rel('MODERATOR'), closed({ initiatePerms: 'MEMBER' }), user, ['leave', 'invite', 'processRequests']],
    ['a moderator kept by department sync may not leave', rel('MODERATOR', true), closed(), user, ['invite', 'processRequests']],
    ['a moderator without D7 may invite only', rel('MODERATOR'), closed(), noD7, ['invite']],
    // Owner (A).
    ['the owner may not leave, may do everything else a member may', rel('OWNER'), ownGroup(), user, ['invite', 'processRequests', 'manageMembers', 'edit', 'delete']],
    ['the owner, INITIATE_PERMS = A', rel('OWNER'), ownGroup({ initiatePerms: 'OWNER' }), user, ['invite', 'processRequests', 'manageMembers', 'edit', 'delete']],
    ['the owner, INITIATE_PERMS unknown', rel('OWNER'), ownGroup({ initiatePerms: null }), user, ['invite', 'processRequests', 'manageMembers', 'edit', 'delete']],
    ['the owner of an archived group: no role changes, still edit (unarchive) and delete', rel('OWNER'), ownGroup({ isArchived: true }), user, ['invite', 'processRequests', 'edit', 'delete']],
    ['the owner without D7: the legacy operations only', rel('OWNER'), ownGroup(), noD7, ['invite', 'edit', 'delete']],
    // INITIATE_PERMS = A means the group's OWNER_ID; a role A that is not OWNER_ID (inconsistent data) does not pass.
    ['a role-A caller who is not OWNER_ID, INITIATE_PERMS = A: no request processing', rel('OWNER'), closed({ initiatePerms: 'OWNER', ownerId: OTHER }), user, ['invite', 'manageMembers', 'edit', 'delete']],
    ['the owner, caller id unknown, INITIATE_PERMS = A: the status decides', rel('OWNER'), closed({ initiatePerms: 'OWNER' }), { ...user, userId: null }, ['invite', 'processRequests', 'manageMembers', 'edit', 'delete']],
    // Administrators: legacy bypass and the core request check, never the D7 AccessManager.
    ['an admin stranger: invite, process requests, edit, delete; not manage members (D7, no admin session)', rel('NONE'), closed(), admin, ['requestMembership', 'invite', 'processRequests', 'edit', 'delete']],
    ['an admin member of an archived group', rel('MEMBER'), closed({ isArchived: true }), admin, ['leave', 'invite', 'processRequests', 'edit', 'delete']],
    ['an admin without D7: legacy only', rel('NONE'), closed(), { ...admin, d7: false }, ['requestMembership', 'invite', 'edit', 'delete']],
  ])('%s', (_label, relation, group, viewer, allowed) => {
    expect(viewerCan(relation, group, viewer)).toEqual(allowing(...allowed));
  });
});

describe('satisfiesInitiatePerms', () => {
  it.each<[InitiatePermission | null, ViewerGroupStatus, boolean]>([
    ['OWNER', 'OWNER', true],
    ['OWNER', 'MODERATOR', false],
    ['OWNER', 'MEMBER', false],
    ['MODERATOR', 'OWNER', true],
    ['MODERATOR', 'MODERATOR', true],
    ['MODERATOR', 'MEMBER', false],
    ['MEMBER', 'OWNER', true],
    ['MEMBER', 'MODERATOR', true],
    ['MEMBER', 'MEMBER', true],
    ['MEMBER', 'REQUEST_PENDING', false],
    ['MEMBER', 'INVITATION_PENDING', false],
    ['MEMBER', 'NONE', false],
    [null, 'OWNER', true],
    [null, 'MODERATOR', false],
    [null, 'MEMBER', false],
  ])('INITIATE_PERMS %s, caller %s: %s', (perms, status, expected) => {
    expect(satisfiesInitiatePerms(perms, status)).toBe(expected);
  });
});

describe('NO_PERMISSIONS', () => {
  it('has every field, all false', () => {
    expect(NO_PERMISSIONS).toEqual(allowing());
    expect(Object.keys(NO_PERMISSIONS).sort()).toEqual([...GROUP_VIEWER_PERMISSION_FIELDS].sort());
  });
});
