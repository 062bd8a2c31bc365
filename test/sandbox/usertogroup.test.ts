/** Conformance of the D7 `socialnetwork.api.usertogroup.*` caller-side actions (issue 10). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, ERROR_NO_GROUP_TEXT, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, fakeClock, raw, start } from './helpers.js';

const F = SEED_FACTS;
const U2G = 'socialnetwork.api.usertogroup.';
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
const NO_GROUP = { error: 'SONET_CONTROLLER_USERTOGROUP_NO_GROUP', error_description: 'No Workgroup' };
const NO_INVITE = { error: 'ERROR_NO_GROUP_REQUEST', error_description: 'Record was not found.' };
const RELATION_KEYS = ['id', 'userId', 'groupId', 'role', 'autoMember', 'dateCreate', 'dateUpdate', 'initiatedByType', 'initiatedByUserId', 'message', 'formattedUserName'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;

const u2 = DEMO_TOKENS.user2;
const rel = (groupId: number, userId: number = F.demoUser2Id) => sb.store.relation(groupId, userId);

describe('scope and naming', () => {
  it('needs scope socialnetwork: demo-noscope and a sonet_group-only token get 403 insufficient_scope', async () => {
    sb.store.addToken('only-sonet-group', F.demoUser2Id, { scopes: ['sonet_group', 'user'] });
    for (const token of [DEMO_TOKENS.noScope, 'only-sonet-group']) {
      for (const m of ['list', 'join', 'leave', 'cancelIncomingRequest', 'acceptOutgoingRequest', 'rejectOutgoingRequest']) {
        const r = await call(sb, `${U2G}${m}`, { groupId: F.groupWhereDemoUser2IsInvited }, token);
        expect(r.status, `${token} ${m}`).toBe(403);
        expect(r.body).toEqual({ error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token' });
      }
    }
    expect(sb.store.token(DEMO_TOKENS.noScope)?.scopes).not.toContain('socialnetwork');
  });

  it('method names are case-insensitive, with or without .json', async () => {
    for (const m of ['socialnetwork.api.usertogroup.list', 'SOCIALNETWORK.API.USERTOGROUP.LIST', 'socialnetwork.api.userToGroup.List.json']) {
      const r = await call(sb, m, { filter: { GROUP_ID: F.groupOwnedByDemoUser2 } }, u2);
      expect(r.status, m).toBe(200);
      expect(r.body.result.relations.length).toBeGreaterThan(0);
    }
  });
});

describe('usertogroup.list', () => {
  it('camelCase rows of every relation field by default, ISO dates, numbers as strings, ID DESC', async () => {
    const gid = F.groupWhereDemoUser2IsPending;
    const r = await call(sb, `${U2G}list`, { filter: { GROUP_ID: gid } }, u2);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['result', 'total', 'time']);
    const rows = r.body.result.relations as Record<string, unknown>[];
    expect(r.body.total).toBe(sb.store.relationsOfGroup(gid).length);
    expect(rows.map((x) => Number(x.id))).toEqual(sb.store.relationsOfGroup(gid).map((x) => x.id).sort((a, b) => b - a));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(RELATION_KEYS);
      expect(row.groupId).toBe(String(gid));
      expect(row.dateCreate).toMatch(ISO);
      expect(row.formattedUserName).toBe('');
    }
    const mine = rows.find((x) => x.userId === String(F.demoUser2Id));
    expect(mine).toMatchObject({ role: 'Z', initiatedByType: 'U', initiatedByUserId: String(F.demoUser2Id), autoMember: 'N', message: 'I would like to help with this project' });
  });

  it('fixed filter keys: ROLE scalar or array, INITIATED_BY_TYPE, ID; operators such as >ID are ignored', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const requests = await call(sb, `${U2G}list`, { filter: { GROUP_ID: gid, ROLE: 'Z', INITIATED_BY_TYPE: 'U' } }, u2);
    expect(requests.body.result.relations.map((x: { userId: string }) => Number(x.userId)).sort()).toEqual([...F.pendingRequestUserIds].sort());
    expect(F.pendingRequestUserIds.length).toBeGreaterThanOrEqual(4);
    const staff = await call(sb, `${U2G}list`, { filter: { GROUP_ID: gid, ROLE: ['A', 'E'] } }, u2);
    expect(new Set(staff.body.result.relations.map((x: { role: string }) => x.role))).toEqual(new Set(['A', 'E']));
    const all = await call(sb, `${U2G}list`, { filter: { GROUP_ID: gid } }, u2);
    const cursor = await call(sb, `${U2G}list`, { filter: { GROUP_ID: gid, '>ID': 999_999 } }, u2);
    expect(cursor.body.total).toBe(all.body.total);
    const one = all.body.result.relations[1] as { id: string };
    const byId = await call(sb, `${U2G}list`, { filter: { ID: one.id } }, u2);
    expect(byId.body.result.relations.map((x: { id: string }) => x.id)).toEqual([one.id]);
    // upper-case FILTER is not the argument's name: it filters nothing
    const upper = await call(sb, `${U2G}list`, { FILTER: { GROUP_ID: gid } }, u2);
    expect(upper.body.total).toBe(sb.store.relations().length);
  });

  it('has no USER_ID filter key: a caller finds their own requests by INITIATED_BY_USER_ID, not their invitations', async () => {
    const byUser = await call(sb, `${U2G}list`, { filter: { USER_ID: F.demoUser2Id } }, u2);
    expect(byUser.body.total).toBe(sb.store.relations().length);
    const mine = await call(sb, `${U2G}list`, { filter: { ROLE: 'Z', INITIATED_BY_TYPE: 'U', INITIATED_BY_USER_ID: F.demoUser2Id } }, u2);
    expect(mine.body.result.relations.map((x: { groupId: string }) => Number(x.groupId))).toEqual([F.groupWhereDemoUser2IsPending]);
  });

  it('has NO permission check: a stranger reads the pending requests of a secret group', async () => {
    const secret = F.secretGroupWithoutDemoUser;
    expect(sb.store.isVisibleTo(sb.store.group(secret)!, F.demoUser2Id)).toBe(false);
    const r = await call(sb, `${U2G}list`, { filter: { GROUP_ID: secret } }, u2);
    expect(r.status).toBe(200);
    expect(r.body.result.relations.length).toBe(sb.store.relationsOfGroup(secret).length);
  });

  it('select is a whitelist: relation fields first, USER_* aliases after, unknown dropped; ACTIONS and image on request', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const r = await call(sb, `${U2G}list`, {
      filter: { GROUP_ID: gid, ROLE: 'Z' },
      select: ['USER_NAME', 'ID', 'NOPE', 'ROLE', 'USER_LAST_NAME', 'USER_PERSONAL_PHOTO', 'ACTIONS'],
    }, DEMO_TOKENS.user);
    const row = r.body.result.relations[0] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(['id', 'role', 'userName', 'userLastName', 'userPersonalPhoto', 'formattedUserName', 'image', 'actions']);
    expect(row.formattedUserName).toBe(`${String(row.userName)} ${String(row.userLastName)}`);
    // demo-user moderates this group (INITIATE_PERMS E): may answer requests, may not change roles
    expect(row.actions).toEqual({
      setOwner: false, setModerator: false, removeModerator: false, exclude: false,
      repeatInvite: false, cancelInvite: false, acceptRequest: true, denyRequest: true,
    });
  });

  it('a select without ID collapses the page into one row (rows are keyed by ID upstream)', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const r = await call(sb, `${U2G}list`, { filter: { GROUP_ID: gid }, select: ['USER_ID'] }, u2);
    expect(r.body.result.relations).toHaveLength(1);
    expect(r.body.total).toBe(sb.store.relationsOfGroup(gid).length);
  });

  it('pages of 50 by start (floored), total and next; start=-1 gives neither', async () => {
    const total = sb.store.relations().length;
    const p0 = await call(sb, `${U2G}list`, {}, u2);
    expect(p0.body.result.relations).toHaveLength(50);
    expect(p0.body.total).toBe(total);
    expect(p0.body.next).toBe(50);
    const p1 = await call(sb, `${U2G}list`, { start: 60 }, u2);
    expect(p1.body.next).toBe(100);
    expect(p1.body.result.relations[0].id).toBe((await call(sb, `${U2G}list`, { start: 50 }, u2)).body.result.relations[0].id);
    const noCount = await call(sb, `${U2G}list`, { start: -1 }, u2);
    expect(Object.keys(noCount.body)).toEqual(['result', 'time']);
    expect(noCount.body.result.relations).toEqual(p0.body.result.relations);
    const empty = await call(sb, `${U2G}list`, { filter: { GROUP_ID: F.missingGroupId } }, u2);
    expect(empty.body).toMatchObject({ result: { relations: [] }, total: 0 });
  });
});

describe('usertogroup.join', () => {
  it('takes params:{groupId}; a top-level groupId is not seen', async () => {
    const r = await call(sb, `${U2G}join`, { groupId: F.closedGroupWithoutDemoUser }, u2);
    expect(r.status).toBe(400);
    expect(r.body).toEqual(NO_GROUP);
  });

  it('closed group → pending request Z/U, confirmationNeeded true; open group → K at once', async () => {
    const closed = F.groupWithRequestsModeratedByDemoUser;
    const r = await call(sb, `${U2G}join`, { params: { groupId: closed } }, u2);
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({ success: true, confirmationNeeded: true });
    expect(rel(closed)).toEqual({ role: 'Z', initiatedByType: 'U', message: '' });
    const open = F.openGroupWithoutDemoUser;
    const o = await call(sb, `${U2G}join`, { params: { groupId: open } });
    expect(o.body.result).toEqual({ success: true, confirmationNeeded: false });
    expect(rel(open, F.demoUserId)?.role).toBe('K');
  });

  it('accepts a pending invitation (Z/G → K) and recounts members', async () => {
    const gid = F.groupWhereDemoUser2IsInvited;
    const before = sb.store.group(gid)!.numberOfMembers;
    const r = await call(sb, `${U2G}join`, { params: { groupId: String(gid) } }, u2);
    expect(r.body.result).toEqual({ success: true, confirmationNeeded: false });
    expect(rel(gid)).toMatchObject({ role: 'K', initiatedByType: 'G' });
    expect(sb.store.group(gid)!.numberOfMembers).toBe(before + 1);
  });

  it('refuses existing members, the owner, a pending request, secret and archived groups: 403, nothing written', async () => {
    const archived = sb.store.groups().find((g) => g.closed === 'Y' && g.visible === 'Y' && !rel(g.id));
    expect(archived).toBeDefined();
    for (const gid of [F.groupWhereDemoUser2IsMember, F.groupOwnedByDemoUser2, F.groupWhereDemoUser2IsPending, F.secretGroupWithoutDemoUser, archived!.id, F.missingGroupId]) {
      const before = rel(gid);
      const r = await call(sb, `${U2G}join`, { params: { groupId: gid } }, u2);
      expect(r.status, String(gid)).toBe(400);
      expect(r.body).toEqual(NO_PERMS);
      expect(rel(gid)).toEqual(before);
    }
  });

  it('an inactive group: ERROR_NO_GROUP from the core; another userId without admin rights: NO_PERMISSIONS', async () => {
    const inactive = await call(sb, `${U2G}join`, { params: { groupId: F.inactiveGroupWithoutDemoUser } }, u2);
    expect(inactive.body).toEqual({ error: 'ERROR_NO_GROUP', error_description: ERROR_NO_GROUP_TEXT });
    const other = await call(sb, `${U2G}join`, { params: { groupId: F.closedGroupWithoutDemoUser, userId: F.demoUserId } }, u2);
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ error: 'SONET_CONTROLLER_USERTOGROUP_NO_PERMISSIONS', error_description: 'No permissions' });
  });
});

describe('usertogroup.leave', () => {
  it('a member (K) leaves: the relation is gone and the count drops', async () => {
    const gid = F.groupWhereDemoUser2IsMember;
    const before = sb.store.group(gid)!.numberOfMembers;
    const r = await call(sb, `${U2G}leave`, { params: { groupId: gid } }, u2);
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({ success: true });
    expect(rel(gid)).toBeUndefined();
    expect(sb.store.group(gid)!.numberOfMembers).toBe(before - 1);
  });

  it('a moderator (E) may leave too', async () => {
    const r = await call(sb, `${U2G}leave`, { params: { groupId: F.groupModeratedByDemoUser } });
    expect(r.body.result).toEqual({ success: true });
  });

  it('the owner, an auto-member, a pending requester and a stranger cannot: 403, nothing written', async () => {
    for (const gid of [F.groupOwnedByDemoUser2, F.groupWhereDemoUser2IsAutoMember, F.groupWhereDemoUser2IsPending, F.closedGroupWithoutDemoUser]) {
      const before = rel(gid);
      const r = await call(sb, `${U2G}leave`, { params: { groupId: gid } }, u2);
      expect(r.body, String(gid)).toEqual(NO_PERMS);
      expect(rel(gid)).toEqual(before);
    }
    expect(sb.store.relationRecord(F.groupWhereDemoUser2IsAutoMember, F.demoUser2Id)?.autoMember).toBe('Y');
    expect((await call(sb, `${U2G}leave`, {}, u2)).body).toEqual(NO_GROUP);
  });
});

describe('usertogroup.cancelIncomingRequest', () => {
  it('withdraws the caller’s own request (top-level userId, groupId)', async () => {
    const gid = F.groupWhereDemoUser2IsPending;
    const r = await call(sb, `${U2G}cancelIncomingRequest`, { userId: F.demoUser2Id, groupId: gid }, u2);
    expect(r.status).toBe(200);
    expect(r.body.result).toBe(true);
    expect(rel(gid)).toBeUndefined();
  });

  it('refuses someone else’s request and an invitation (403); no relation → 510 Record not found; bad ids → 100', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const other = F.pendingRequestUserIds[0]!;
    expect((await call(sb, `${U2G}cancelIncomingRequest`, { userId: other, groupId: gid }, u2)).body).toEqual(NO_PERMS);
    expect(rel(gid, other)?.role).toBe('Z');
    const invite = F.groupWhereDemoUser2IsInvited;
    expect((await call(sb, `${U2G}cancelIncomingRequest`, { userId: F.demoUser2Id, groupId: invite }, u2)).body).toEqual(NO_PERMS);
    expect(rel(invite)?.role).toBe('Z');
    expect((await call(sb, `${U2G}cancelIncomingRequest`, { userId: F.demoUser2Id, groupId: F.closedGroupWithoutDemoUser }, u2)).body).toEqual({ error: '510', error_description: 'Record not found' });
    expect((await call(sb, `${U2G}cancelIncomingRequest`, { userId: F.demoUser2Id }, u2)).body).toEqual({ error: '100', error_description: 'Invalid workgroup/project ID' });
    expect((await call(sb, `${U2G}cancelIncomingRequest`, { groupId: gid }, u2)).body).toEqual({ error: '100', error_description: 'Invalid user ID' });
    // params wrapper is not how this action takes its arguments
    expect((await call(sb, `${U2G}cancelIncomingRequest`, { params: { userId: F.demoUser2Id, groupId: F.groupWhereDemoUser2IsPending } }, u2)).body.error).toBe('100');
  });
});

describe('usertogroup.acceptOutgoingRequest / rejectOutgoingRequest', () => {
  it('accept turns the invitation into membership (K)', async () => {
    const gid = F.groupWhereDemoUser2IsInvited;
    const r = await call(sb, `${U2G}acceptOutgoingRequest`, { groupId: gid }, u2);
    expect(r.body.result).toBe(true);
    expect(rel(gid)?.role).toBe('K');
  });

  it('reject deletes the invitation', async () => {
    const gid = F.groupWhereDemoUser2IsInvited;
    const r = await call(sb, `${U2G}rejectOutgoingRequest`, { groupId: gid }, u2);
    expect(r.body.result).toBe(true);
    expect(rel(gid)).toBeUndefined();
  });

  it('without an invitation (a request, a membership, nothing): ERROR_NO_GROUP_REQUEST, nothing written', async () => {
    for (const m of ['acceptOutgoingRequest', 'rejectOutgoingRequest']) {
      for (const gid of [F.groupWhereDemoUser2IsPending, F.groupWhereDemoUser2IsMember, F.closedGroupWithoutDemoUser, 0]) {
        const before = gid > 0 ? rel(gid) : undefined;
        const r = await call(sb, `${U2G}${m}`, { groupId: gid }, u2);
        expect(r.status).toBe(400);
        expect(r.body, `${m} ${gid}`).toEqual(NO_INVITE);
        if (gid > 0) expect(rel(gid)).toEqual(before);
      }
    }
  });
});

describe('D7 actions in batch and argument binding', () => {
  it('run as batch sub-calls (PHP brackets), with item-level insufficient_scope for a token without socialnetwork', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const cmd = {
      requests: `${U2G}list?filter[GROUP_ID]=${gid}&filter[ROLE]=Z&filter[INITIATED_BY_TYPE]=U&select[]=ID&select[]=USER_ID`,
      join: `${U2G}join?params[groupId]=${F.closedGroupWithoutDemoUser}`,
      again: `${U2G}list?filter[GROUP_ID]=${F.closedGroupWithoutDemoUser}&filter[ROLE][]=Z`,
    };
    const r = await call(sb, 'batch', { halt: 0, cmd }, u2);
    expect(r.status).toBe(200);
    expect(r.body.result.result.requests.relations.map((x: { userId: string }) => Number(x.userId)).sort()).toEqual([...F.pendingRequestUserIds].sort());
    expect(r.body.result.result.join).toEqual({ success: true, confirmationNeeded: true });
    expect(r.body.result.result.again.relations.map((x: { userId: string }) => x.userId)).toContain(String(F.demoUser2Id));
    expect(r.body.result.result_total).toMatchObject({ requests: F.pendingRequestUserIds.length });
    const denied = await call(sb, 'batch', { cmd: { l: `${U2G}list` } }, DEMO_TOKENS.noScope);
    expect(denied.body.result.result_error).toEqual({ l: { error: 'insufficient_scope', error_description: '' } });
  });

  it('argument names are case-sensitive camelCase: GroupId/UserId are not bound (→ 0)', async () => {
    const r = await call(sb, `${U2G}cancelIncomingRequest`, { UserId: F.demoUser2Id, GroupId: F.groupWhereDemoUser2IsPending }, u2);
    expect(r.body).toEqual({ error: '100', error_description: 'Invalid workgroup/project ID' });
    expect(rel(F.groupWhereDemoUser2IsPending)?.role).toBe('Z');
  });

  it('join by an admin naming another userId still joins the caller (the helper gets the group id only)', async () => {
    const gid = sb.store.groups().find((g) => g.visible === 'Y' && g.opened === 'Y' && g.active === 'Y' && g.closed === 'N' && !rel(g.id, F.adminUserId) && !rel(g.id, F.demoUserId))!.id;
    const r = await call(sb, `${U2G}join`, { params: { groupId: gid, userId: F.demoUserId } }, DEMO_TOKENS.admin);
    expect(r.body.result).toEqual({ success: true, confirmationNeeded: false });
    expect(rel(gid, F.adminUserId)).toMatchObject({ role: 'K', initiatedByType: 'U' });
    expect(rel(gid, F.demoUserId)).toBeUndefined();
  });
});

describe('legacy reads keep ignoring pending relations (protocol §7.7, §7.8)', () => {
  it('sonet_group.user.groups lists A/E/K only: no request, no invitation', async () => {
    const r = await call(sb, 'sonet_group.user.groups', {}, u2);
    const ids = (r.body.result as { GROUP_ID: string; ROLE: string }[]).map((x) => Number(x.GROUP_ID));
    expect(ids).not.toContain(F.groupWhereDemoUser2IsPending);
    expect(ids).not.toContain(F.groupWhereDemoUser2IsInvited);
    expect(ids).toContain(F.groupOwnedByDemoUser2);
    expect(ids).toContain(F.groupWhereDemoUser2IsMember);
  });

  it('sonet_group.user.get lists no Z relation', async () => {
    const gid = F.groupWithRequestsModeratedByDemoUser;
    const r = await call(sb, 'sonet_group.user.get', { ID: gid }, u2);
    const users = (r.body.result as { USER_ID: string }[]).map((x) => Number(x.USER_ID));
    for (const id of F.pendingRequestUserIds) expect(users).not.toContain(id);
    expect(r.body.result.every((x: { ROLE: string }) => x.ROLE !== 'Z')).toBe(true);
  });

  it('errors carry only error and error_description (no time)', async () => {
    const r = await raw(sb, `/rest/${U2G}leave?auth=${u2}`);
    expect(Object.keys(r.body)).toEqual(['error', 'error_description']);
  });
});
