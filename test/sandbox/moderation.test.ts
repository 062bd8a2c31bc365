/** Conformance of the moderators' and owners' methods, D7 and legacy (issue 11). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, fakeClock, start } from './helpers.js';

const F = SEED_FACTS;
const U2G = 'socialnetwork.api.usertogroup.';
const ALL_SCOPES = ['sonet_group', 'socialnetwork', 'user'];
const clock = fakeClock();
let sb: Sandbox;

beforeAll(async () => {
  sb = await start({ now: clock.now });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const NO_PERMS = { error: '403', error_description: 'Insufficient permissions to complete the operation.' };
const NOT_FOUND = { error: '510', error_description: 'Record not found' };
const role = (groupId: number, userId: number) => sb.store.relation(groupId, userId)?.role;
/** A token for any seeded user (e.g. a group's owner). */
function tokenFor(userId: number): string {
  const token = `t-${userId}`;
  sb.store.addToken(token, userId, { scopes: ALL_SCOPES });
  return token;
}
const relId = (groupId: number, userId: number): number => sb.store.relationRecord(groupId, userId)!.id;
const firstWithRole = (groupId: number, r: string): number =>
  sb.store.relationsOfGroup(groupId).find((x) => x.role === r && x.userId > 4 && sb.store.user(x.userId)?.active)!.userId;

describe('D7 acceptRequest / denyRequest {relationId, groupId}', () => {
  const gid = F.groupWithRequestsModeratedByDemoUser;

  it('a moderator (INITIATE_PERMS E) accepts: Z/U → K, counted', async () => {
    const [requester] = F.pendingRequestUserIds;
    const before = sb.store.group(gid)!.numberOfMembers;
    const r = await call(sb, `${U2G}acceptRequest`, { relationId: relId(gid, requester!), groupId: gid });
    expect(r.status).toBe(200);
    expect(r.body.result).toBe(true);
    expect(role(gid, requester!)).toBe('K');
    expect(sb.store.group(gid)!.numberOfMembers).toBe(before + 1);
  });

  it('deny deletes the request', async () => {
    const requester = F.pendingRequestUserIds[1]!;
    const r = await call(sb, `${U2G}denyRequest`, { relationId: relId(gid, requester), groupId: gid });
    expect(r.body.result).toBe(true);
    expect(role(gid, requester)).toBeUndefined();
  });

  it('skips silently with result true: a member’s relation, another group’s request, an unknown relation id', async () => {
    const member = firstWithRole(gid, 'K');
    const otherGroupRequest = relId(F.groupWhereDemoUser2IsPending, F.demoUser2Id);
    for (const [method, relationId] of [['acceptRequest', relId(gid, member)], ['denyRequest', relId(gid, member)], ['acceptRequest', otherGroupRequest], ['denyRequest', 999_999]] as const) {
      const r = await call(sb, `${U2G}${method}`, { relationId, groupId: gid });
      expect(r.body.result, `${method} ${relationId}`).toBe(true);
    }
    expect(role(gid, member)).toBe('K');
    expect(role(F.groupWhereDemoUser2IsPending, F.demoUser2Id)).toBe('Z');
  });

  it('{"result": false} with no error: a plain member, a stranger, a missing group, INITIATE_PERMS A for a moderator', async () => {
    const requester = F.pendingRequestUserIds[0]!;
    const cases: [string, number, number][] = [
      [tokenFor(firstWithRole(gid, 'K')), relId(gid, requester), gid],
      [DEMO_TOKENS.user2, relId(gid, requester), gid],
      [DEMO_TOKENS.user, relId(gid, requester), F.missingGroupId],
    ];
    const permsA = F.groupModeratedByDemoUser; // INITIATE_PERMS A: only the owner
    expect(sb.store.group(permsA)!.initiatePerms).toBe('A');
    const pendingInA = sb.store.relationsOfGroup(permsA).find((x) => x.role === 'Z' && x.initiatedByType === 'U');
    if (pendingInA) cases.push([DEMO_TOKENS.user, pendingInA.id, permsA]);
    for (const [token, relationId, groupId] of cases) {
      const r = await call(sb, `${U2G}acceptRequest`, { relationId, groupId }, token);
      expect(r.status).toBe(200);
      expect(Object.keys(r.body)).toEqual(['result', 'time']);
      expect(r.body.result).toBe(false);
    }
    expect(role(gid, requester)).toBe('Z');
  });

  it('INITIATE_PERMS K: any member may accept; the admin may accept anywhere (core check)', async () => {
    const g = sb.store.groups().find((x) => x.initiatePerms === 'K' && x.active === 'Y' && sb.store.relationsOfGroup(x.id).some((r) => r.role === 'Z' && r.initiatedByType === 'U'))!;
    const request = sb.store.relationsOfGroup(g.id).find((r) => r.role === 'Z' && r.initiatedByType === 'U')!;
    const r = await call(sb, `${U2G}acceptRequest`, { relationId: request.id, groupId: g.id }, tokenFor(firstWithRole(g.id, 'K')));
    expect(r.body.result).toBe(true);
    expect(role(g.id, request.userId)).toBe('K');
    const other = F.pendingRequestUserIds[2]!;
    const a = await call(sb, `${U2G}denyRequest`, { relationId: relId(gid, other), groupId: gid }, DEMO_TOKENS.admin);
    expect(a.body.result).toBe(true);
    expect(role(gid, other)).toBeUndefined();
  });
});

describe('D7 cancelInvite {userId, groupId}', () => {
  it('whoever may invite deletes an invitation; a request is not an invitation; no relation → 510', async () => {
    const gid = F.groupWhereDemoUser2IsInvited; // INITIATE_PERMS K: any member may
    const member = tokenFor(firstWithRole(gid, 'K'));
    expect((await call(sb, `${U2G}cancelInvite`, { userId: F.demoUser2Id, groupId: gid }, DEMO_TOKENS.user)).body).toEqual(NO_PERMS);
    const r = await call(sb, `${U2G}cancelInvite`, { userId: F.demoUser2Id, groupId: gid }, member);
    expect(r.body.result).toBe(true);
    expect(role(gid, F.demoUser2Id)).toBeUndefined();
    const req = F.groupWithRequestsModeratedByDemoUser;
    expect((await call(sb, `${U2G}cancelInvite`, { userId: F.pendingRequestUserIds[0], groupId: req })).body).toEqual(NO_PERMS);
    expect((await call(sb, `${U2G}cancelInvite`, { userId: F.demoUser2Id, groupId: req })).body).toEqual(NOT_FOUND);
  });
});

describe('D7 setModerator / removeModerator / exclude / setOwner {userId, groupId}', () => {
  const own = F.groupOwnedByDemoUser; // demo-user is the owner

  it('the owner promotes a member (K → E), demotes (E → K) and excludes; counters follow', async () => {
    const member = firstWithRole(own, 'K');
    expect((await call(sb, `${U2G}setModerator`, { userId: member, groupId: own })).body.result).toBe(true);
    expect(role(own, member)).toBe('E');
    expect(sb.store.group(own)!.numberOfModerators).toBe(sb.store.relationsOfGroup(own).filter((r) => (r.role === 'A' || r.role === 'E') && sb.store.user(r.userId)?.active).length);
    expect((await call(sb, `${U2G}removeModerator`, { userId: member, groupId: own })).body.result).toBe(true);
    expect(role(own, member)).toBe('K');
    const before = sb.store.group(own)!.numberOfMembers;
    expect((await call(sb, `${U2G}exclude`, { userId: member, groupId: own })).body.result).toBe(true);
    expect(role(own, member)).toBeUndefined();
    expect(sb.store.group(own)!.numberOfMembers).toBe(before - 1);
  });

  it('refuses with 403: wrong current role, the owner themself, a moderator caller, the admin (no D7 bypass), an archived group', async () => {
    const member = firstWithRole(own, 'K');
    const moderator = firstWithRole(own, 'E');
    const refused: [string, Record<string, unknown>, string][] = [
      ['setModerator', { userId: moderator, groupId: own }, DEMO_TOKENS.user],
      ['removeModerator', { userId: member, groupId: own }, DEMO_TOKENS.user],
      ['exclude', { userId: F.demoUserId, groupId: own }, DEMO_TOKENS.user],
      ['removeModerator', { userId: F.demoUserId, groupId: own }, DEMO_TOKENS.user],
      ['setModerator', { userId: firstWithRole(F.groupWithRequestsModeratedByDemoUser, 'K'), groupId: F.groupWithRequestsModeratedByDemoUser }, DEMO_TOKENS.user],
      ['exclude', { userId: member, groupId: own }, DEMO_TOKENS.admin],
    ];
    const archived = sb.store.groups().find((g) => g.closed === 'Y' && g.active === 'Y')!;
    refused.push(['setModerator', { userId: firstWithRole(archived.id, 'K'), groupId: archived.id }, tokenFor(archived.ownerId)]);
    for (const [m, params, token] of refused) {
      const r = await call(sb, `${U2G}${m}`, params, token);
      expect(r.status, `${m} ${JSON.stringify(params)}`).toBe(400);
      expect(r.body).toEqual(NO_PERMS);
    }
    expect(role(own, member)).toBe('K');
    expect(role(own, moderator)).toBe('E');
  });

  it('an auto-member cannot be excluded; no relation → 510; bad ids → 100', async () => {
    const gid = F.groupWhereDemoUser2IsAutoMember;
    const owner = tokenFor(sb.store.group(gid)!.ownerId);
    expect((await call(sb, `${U2G}exclude`, { userId: F.demoUser2Id, groupId: gid }, owner)).body).toEqual(NO_PERMS);
    expect((await call(sb, `${U2G}exclude`, { userId: F.demoUser2Id, groupId: own })).body).toEqual(NOT_FOUND);
    expect((await call(sb, `${U2G}exclude`, { userId: 0, groupId: own })).body).toEqual({ error: '100', error_description: 'Invalid user ID' });
    expect((await call(sb, `${U2G}setModerator`, { userId: F.demoUser2Id })).body).toEqual({ error: '100', error_description: 'Invalid workgroup/project ID' });
  });

  it('setOwner: the new owner gets A, the old owner becomes E, OWNER_ID moves; again to the same owner is a no-op', async () => {
    const member = firstWithRole(own, 'K');
    const r = await call(sb, `${U2G}setOwner`, { userId: member, groupId: own });
    expect(r.body.result).toBe(true);
    expect(role(own, member)).toBe('A');
    expect(role(own, F.demoUserId)).toBe('E');
    expect(sb.store.group(own)!.ownerId).toBe(member);
    const again = await call(sb, `${U2G}setOwner`, { userId: member, groupId: own }, tokenFor(member));
    expect(again.body.result).toBe(true);
    expect(sb.store.group(own)!.ownerId).toBe(member);
  });

  it('setOwner refusals: a moderator (403), an invisible group (510), an unknown user (100)', async () => {
    const mod = F.groupWithRequestsModeratedByDemoUser;
    expect((await call(sb, `${U2G}setOwner`, { userId: F.demoUserId, groupId: mod })).body).toEqual(NO_PERMS);
    expect((await call(sb, `${U2G}setOwner`, { userId: F.demoUserId, groupId: F.secretGroupWithoutDemoUser })).body).toEqual({ error: '510', error_description: 'Invalid workgroup/project ID' });
    expect((await call(sb, `${U2G}setOwner`, { userId: 99_999, groupId: own })).body).toEqual({ error: '100', error_description: 'Cannot complete operation.' });
    expect(sb.store.group(mod)!.ownerId).not.toBe(F.demoUserId);
  });
});

describe('sonet_group.create', () => {
  it('creates with the documented defaults; the caller owns it; the result is the new id as a number', async () => {
    const r = await call(sb, 'sonet_group.create', { NAME: 'Lifecycle demo', DESCRIPTION: 'x', OWNER_ID: F.adminUserId, INITIATE_PERMS: 'Q', PROJECT_DATE_START: '2026-04-01' });
    expect(r.status).toBe(200);
    expect(typeof r.body.result).toBe('number');
    const g = sb.store.group(r.body.result as number)!;
    expect(g).toMatchObject({ name: 'Lifecycle demo', visible: 'Y', opened: 'N', closed: 'N', project: 'N', active: 'Y', initiatePerms: 'K', subjectId: 1, ownerId: F.demoUserId, numberOfMembers: 1, numberOfModerators: 1 });
    expect(sb.store.relation(g.id, F.demoUserId)).toEqual({ role: 'A', initiatedByType: 'U', message: '' });
    expect(g.projectDateStart).toBe(Date.UTC(2026, 2, 31, 21, 0, 0));
    const listed = await call(sb, 'sonet_group.get', { FILTER: { ID: g.id } });
    expect(listed.body.result[0]).toMatchObject({ NAME: 'Lifecycle demo', OWNER_ID: String(F.demoUserId) });
  });

  it('OWNER_ID is honoured for admins; keys are exact: lower-case name is no NAME → EMPTY_NAME', async () => {
    const r = await call(sb, 'sonet_group.create', { NAME: 'By admin', OWNER_ID: F.demoUser2Id, VISIBLE: 'N', OPENED: 'Y' }, DEMO_TOKENS.admin);
    expect(sb.store.group(r.body.result as number)).toMatchObject({ ownerId: F.demoUser2Id, visible: 'N', opened: 'Y' });
    for (const params of [{ name: 'lower' }, {}, { NAME: '   ' }]) {
      const e = await call(sb, 'sonet_group.create', params);
      expect(e.status).toBe(400);
      expect(e.body).toEqual({ error: 'EMPTY_NAME', error_description: 'The title is not specified.' });
    }
    expect(sb.store.groups()).toHaveLength(F.groupCount + 1);
  });
});

describe('sonet_group.update (archive = CLOSED)', () => {
  const own = F.groupOwnedByDemoUser;

  it('the owner edits, archives and unarchives; the result is the group id', async () => {
    clock.advance(1000);
    const r = await call(sb, 'sonet_group.update', { GROUP_ID: own, NAME: 'Renamed', KEYWORDS: 'a,b' });
    expect(r.body.result).toBe(own);
    expect(sb.store.group(own)).toMatchObject({ name: 'Renamed', keywords: 'a,b', dateUpdate: clock.value() });
    expect((await call(sb, 'sonet_group.update', { GROUP_ID: own, CLOSED: 'Y' })).body.result).toBe(own);
    expect(sb.store.group(own)!.closed).toBe('Y');
    await call(sb, 'sonet_group.update', { GROUP_ID: own, CLOSED: 'N' });
    expect(sb.store.group(own)!.closed).toBe('N');
  });

  it('OPENED N → Y confirms every pending request', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const owner = tokenFor(sb.store.group(gid)!.ownerId);
    await call(sb, 'sonet_group.update', { GROUP_ID: gid, OPENED: 'Y' }, owner);
    for (const id of F.pendingRequestUserIds) expect(role(gid, id)).toBe('K');
  });

  it('refusals: wrong id, not the owner (moderators too), a missing group, nothing to update, an empty NAME', async () => {
    const name = sb.store.group(own)!.name;
    expect((await call(sb, 'sonet_group.update', { group_id: own, NAME: 'x' })).body).toEqual({ error: '', error_description: 'Wrong group ID' });
    for (const gid of [F.groupWithRequestsModeratedByDemoUser, F.missingGroupId]) {
      expect((await call(sb, 'sonet_group.update', { GROUP_ID: gid, NAME: 'x' })).body).toEqual({ error: '', error_description: 'User has no permissions to update group' });
    }
    expect((await call(sb, 'sonet_group.update', { GROUP_ID: own })).body).toEqual({ error: '', error_description: 'Cannot update group' });
    expect((await call(sb, 'sonet_group.update', { GROUP_ID: own, NAME: '' })).body.error).toBe('EMPTY_NAME');
    expect(sb.store.group(own)!.name).toBe(name);
  });
});

describe('sonet_group.delete and sonet_group.setowner', () => {
  it('the owner deletes: the group and its relations are gone', async () => {
    const own = F.groupOwnedByDemoUser;
    const r = await call(sb, 'sonet_group.delete', { GROUP_ID: own });
    expect(r.body.result).toBe(true);
    expect(sb.store.group(own)).toBeUndefined();
    expect(sb.store.relationsOfGroup(own)).toEqual([]);
  });

  it('a moderator may not; an invisible group is not found; the admin may delete any group', async () => {
    expect((await call(sb, 'sonet_group.delete', { GROUP_ID: F.groupWithRequestsModeratedByDemoUser })).body).toEqual({ error: '', error_description: 'User has no permissions to delete group' });
    expect((await call(sb, 'sonet_group.delete', { GROUP_ID: F.secretGroupWithoutDemoUser })).body).toEqual({ error: '', error_description: 'Socialnetwork group not found' });
    expect((await call(sb, 'sonet_group.delete', { GROUP_ID: 0 })).body).toEqual({ error: '', error_description: 'Wrong group ID' });
    expect((await call(sb, 'sonet_group.delete', { GROUP_ID: F.secretGroupWithoutDemoUser }, DEMO_TOKENS.admin)).body.result).toBe(true);
  });

  it('setowner: the same helper as the D7 action, with the admin allowed; its codes come through', async () => {
    const gid = F.closedGroupWithoutDemoUser;
    const r = await call(sb, 'sonet_group.setowner', { GROUP_ID: gid, USER_ID: F.demoUserId }, DEMO_TOKENS.admin);
    expect(r.body.result).toBe(true);
    expect(role(gid, F.demoUserId)).toBe('A');
    expect((await call(sb, 'sonet_group.setowner', { GROUP_ID: gid, USER_ID: F.demoUser2Id }, DEMO_TOKENS.user2)).body).toEqual(NO_PERMS);
    expect((await call(sb, 'sonet_group.setowner', { GROUP_ID: gid })).body).toEqual({ error: '100', error_description: 'Invalid user ID' });
  });
});

describe('sonet_group.user.invite', () => {
  it('invites as Z/G from the caller; skips members, pending users, the caller and unknown users; returns the raw values', async () => {
    const gid = F.groupOwnedByDemoUser;
    const member = firstWithRole(gid, 'K');
    const fresh = sb.store.users().find((u) => u.id > 4 && !sb.store.relation(gid, u.id))!.id;
    const r = await call(sb, 'sonet_group.user.invite', { GROUP_ID: gid, USER_ID: [fresh, String(F.demoUser2Id), member, F.demoUserId, 99_999], MESSAGE: 'Welcome' });
    expect(r.body.result).toEqual([fresh, String(F.demoUser2Id)]);
    expect(sb.store.relationRecord(gid, fresh)).toMatchObject({ role: 'Z', initiatedByType: 'G', initiatedByUserId: F.demoUserId, message: 'Welcome' });
    const again = await call(sb, 'sonet_group.user.invite', { GROUP_ID: gid, USER_ID: fresh });
    expect(again.body.result).toEqual([]);
  });

  it('no right to invite by INITIATE_PERMS → [] (admins too need the group visible); invisible → not found', async () => {
    const gid = F.groupModeratedByDemoUser; // INITIATE_PERMS A: the moderator may not invite
    const r = await call(sb, 'sonet_group.user.invite', { GROUP_ID: gid, USER_ID: [F.demoUser2Id] });
    expect(r.body.result).toEqual([]);
    expect(role(gid, F.demoUser2Id)).toBeUndefined();
    const adminSecret = sb.store.groups().find((g) => g.visible === 'N' && !sb.store.relation(g.id, F.adminUserId))!;
    expect((await call(sb, 'sonet_group.user.invite', { GROUP_ID: adminSecret.id, USER_ID: 3 }, DEMO_TOKENS.admin)).body).toEqual({ error: '', error_description: 'Socialnetwork group not found' });
    expect((await call(sb, 'sonet_group.user.invite', { GROUP_ID: gid, USER_ID: [] })).body).toEqual({ error: '', error_description: 'Wrong user IDs' });
  });
});

describe('admin-only sonet_group.user.add / update / delete', () => {
  const gid = F.groupWithRequestsModeratedByDemoUser;

  it('refuse everyone but a module admin, with their texts (delete shares update’s)', async () => {
    expect((await call(sb, 'sonet_group.user.add', { GROUP_ID: gid, USER_ID: 3 })).body).toEqual({ error: '', error_description: 'No permissions to add users' });
    expect((await call(sb, 'sonet_group.user.update', { GROUP_ID: gid, USER_ID: 3, ROLE: 'E' })).body).toEqual({ error: '', error_description: 'No permissions to update users role' });
    expect((await call(sb, 'sonet_group.user.delete', { GROUP_ID: gid, USER_ID: 3 })).body).toEqual({ error: '', error_description: 'No permissions to update users role' });
  });

  it('add: K for users without a relation, pending ones skipped; ids as strings', async () => {
    const pending = F.pendingRequestUserIds[0]!;
    const r = await call(sb, 'sonet_group.user.add', { GROUP_ID: gid, USER_ID: [F.demoUser2Id, pending, 99_999] }, DEMO_TOKENS.admin);
    expect(r.body.result).toEqual([String(F.demoUser2Id)]);
    expect(sb.store.relationRecord(gid, F.demoUser2Id)).toMatchObject({ role: 'K', initiatedByType: 'G', initiatedByUserId: sb.store.group(gid)!.ownerId });
    expect(role(gid, pending)).toBe('Z');
  });

  it('update: ROLE is checked before USER_ID; K on a pending request accepts it; the owner and same role are skipped', async () => {
    expect((await call(sb, 'sonet_group.user.update', { GROUP_ID: gid, ROLE: 'A' }, DEMO_TOKENS.admin)).body).toEqual({ error: '', error_description: 'Incorrect role code' });
    expect((await call(sb, 'sonet_group.user.update', { GROUP_ID: gid, ROLE: 'K' }, DEMO_TOKENS.admin)).body).toEqual({ error: '', error_description: 'Wrong user IDs' });
    const pending = F.pendingRequestUserIds[0]!;
    const owner = sb.store.group(gid)!.ownerId;
    const member = firstWithRole(gid, 'K');
    const r = await call(sb, 'sonet_group.user.update', { GROUP_ID: gid, USER_ID: [pending, owner, member], ROLE: 'K' }, DEMO_TOKENS.admin);
    expect(r.body.result).toEqual([String(pending)]);
    expect(role(gid, pending)).toBe('K');
    expect(role(gid, owner)).toBe('A');
  });

  it('delete: any relation but the owner’s; ids as strings', async () => {
    const pending = F.pendingRequestUserIds[1]!;
    const owner = sb.store.group(gid)!.ownerId;
    const r = await call(sb, 'sonet_group.user.delete', { GROUP_ID: gid, USER_ID: [pending, owner, F.demoUserId, F.demoUser2Id] }, DEMO_TOKENS.admin);
    expect(r.body.result).toEqual([String(pending), String(F.demoUserId)]);
    expect(role(gid, owner)).toBe('A');
    expect(role(gid, F.demoUserId)).toBeUndefined();
    expect((await call(sb, 'sonet_group.user.delete', { GROUP_ID: F.missingGroupId, USER_ID: 3 }, DEMO_TOKENS.admin)).body).toEqual({ error: '', error_description: 'Socialnetwork group not found' });
  });
});
