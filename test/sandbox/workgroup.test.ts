/** Conformance of socialnetwork.api.workgroup.get / .list: shape, params wrapper, errors, visibility, scope, select, paging, batch. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { GroupRecord, Sandbox } from '../../src/sandbox/index.js';
import { call, start } from './helpers.js';

const F = SEED_FACTS;
const GET = 'socialnetwork.api.workgroup.get';
const LIST = 'socialnetwork.api.workgroup.list';
const EMPTY = { error: 'SONET_CONTROLLER_WORKGROUP_EMPTY', error_description: 'No value for the workgroup ID was provided.' };
const NOT_FOUND = { error: 'SONET_CONTROLLER_WORKGROUP_NOT_FOUND', error_description: 'Workgroup not found.' };
const SITE_DATE = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

/** A secret group where the demo user's relation has this role (and initiator). */
function secretGroupWithDemoRole(role: string, by?: string): GroupRecord {
  const g = sb.store.groups().find((x) => {
    const r = sb.store.relation(x.id, F.demoUserId);
    return x.visible === 'N' && r?.role === role && (by === undefined || r.initiatedByType === by);
  });
  if (!g) throw new Error(`seed has no secret group with demo role ${role}`);
  return g;
}

const visibleIds = (userId: number): string[] => sb.store.visibleGroupIds(userId).map(String);

describe('socialnetwork.api.workgroup.get', () => {
  it('returns the group as an object: ints as numbers, Y/N flags, site-format dates, member lists', async () => {
    const id = F.groupOwnedByDemoUser;
    const r = await call(sb, GET, { params: { groupId: id } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['result', 'time']);
    const g = sb.store.group(id)!;
    const rels = sb.store.relationsOfGroup(id);
    const res = r.body.result;
    expect(res).toMatchObject({
      ID: id,
      ACTIVE: g.active,
      SITE_ID: 's1',
      NAME: g.name,
      OWNER_ID: F.demoUserId,
      INITIATE_PERMS: g.initiatePerms,
      OPENED: g.opened,
      VISIBLE: g.visible,
      CLOSED: g.closed,
      PROJECT: g.project,
      NUMBER_OF_MEMBERS: g.numberOfMembers,
      NUMBER_OF_MODERATORS: g.numberOfModerators,
      TYPE: g.project === 'Y' ? 'project' : 'group',
      SITE_IDS: ['s1'],
    });
    expect(typeof res.NUMBER_OF_MEMBERS).toBe('number');
    expect(res.DATE_CREATE).toMatch(SITE_DATE);
    expect(res.DATE_UPDATE).toMatch(SITE_DATE);
    expect(res.MEMBERS).toEqual(rels.filter((x) => ['A', 'E', 'K'].includes(x.role)).map((x) => x.userId));
    expect(res.ORDINARY_MEMBERS).toEqual(rels.filter((x) => x.role === 'K').map((x) => x.userId));
    expect(res.MODERATOR_MEMBERS).toEqual(rels.filter((x) => x.role === 'E').map((x) => x.userId));
    expect(res.INVITED_MEMBERS).toEqual(rels.filter((x) => x.role === 'Z' && x.initiatedByType === 'G').map((x) => x.userId));
    // select extras appear only when asked for
    for (const extra of ['USER_DATA', 'ACTIONS', 'PRIVACY_CODE', 'TAGS', 'ADDITIONAL_DATA']) expect(res).not.toHaveProperty(extra);
  });

  it('reads its input only from params: a top-level groupId gives SONET_CONTROLLER_WORKGROUP_EMPTY (HTTP 400)', async () => {
    for (const body of [{ groupId: F.groupOwnedByDemoUser }, {}, { params: {} }, { params: { groupId: 0 } }, { params: { groupId: -3 } }, { params: 'x' }]) {
      const r = await call(sb, GET, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toEqual(EMPTY);
    }
  });

  it('a missing group is SONET_CONTROLLER_WORKGROUP_NOT_FOUND (HTTP 400), even for an admin', async () => {
    for (const token of [DEMO_TOKENS.user, DEMO_TOKENS.admin]) {
      const r = await call(sb, GET, { params: { groupId: F.missingGroupId } }, token);
      expect(r.status).toBe(400);
      expect(r.body).toEqual(NOT_FOUND);
    }
  });

  it('visibility: a secret group is not found for a non-member and for a pending invitee; members and admins see it', async () => {
    const r1 = await call(sb, GET, { params: { groupId: F.secretGroupWithoutDemoUser } });
    expect([r1.status, r1.body]).toEqual([400, NOT_FOUND]);
    const invited = secretGroupWithDemoRole('Z');
    const r2 = await call(sb, GET, { params: { groupId: invited.id } });
    expect([r2.status, r2.body]).toEqual([400, NOT_FOUND]);
    const member = secretGroupWithDemoRole('K');
    const r3 = await call(sb, GET, { params: { groupId: member.id } });
    expect([r3.status, r3.body.result.ID]).toEqual([200, member.id]);
    const r4 = await call(sb, GET, { params: { groupId: F.secretGroupWithoutDemoUser } }, DEMO_TOKENS.admin);
    expect([r4.status, r4.body.result.ID]).toEqual([200, F.secretGroupWithoutDemoUser]);
  });

  it('USER_DATA gives ROLE and INITIATED_BY_TYPE, or false for both without a relation', async () => {
    const select = ['USER_DATA'];
    const owned = await call(sb, GET, { params: { groupId: F.groupOwnedByDemoUser, select } });
    expect(owned.body.result.USER_DATA).toMatchObject({ ROLE: 'A', IS_SUBSCRIBED: true });
    const pending = await call(sb, GET, { params: { groupId: F.groupWhereDemoUserIsPending, select } });
    const rel = sb.store.relation(F.groupWhereDemoUserIsPending, F.demoUserId)!;
    expect(pending.body.result.USER_DATA).toEqual({ ROLE: 'Z', INITIATED_BY_TYPE: rel.initiatedByType, IS_SUBSCRIBED: false });
    const none = await call(sb, GET, { params: { groupId: F.openGroupWithoutDemoUser, select } });
    expect(none.body.result.USER_DATA).toEqual({ ROLE: false, INITIATED_BY_TYPE: false, IS_SUBSCRIBED: false });
  });

  it('ACTIONS follow the caller: the owner edits, a stranger may join an open group, a member may leave', async () => {
    const select = ['ACTIONS'];
    const owned = (await call(sb, GET, { params: { groupId: F.groupOwnedByDemoUser, select } })).body.result.ACTIONS;
    expect(owned).toMatchObject({ EDIT: true, DELETE: true, INVITE: true, JOIN: false, LEAVE: false });
    const open = (await call(sb, GET, { params: { groupId: F.openGroupWithoutDemoUser, select } })).body.result.ACTIONS;
    expect(open).toMatchObject({ EDIT: false, DELETE: false, INVITE: false, JOIN: true, LEAVE: false });
    const member = (await call(sb, GET, { params: { groupId: F.groupWhereDemoUserIsMember, select } })).body.result.ACTIONS;
    expect(member).toMatchObject({ EDIT: false, JOIN: false, LEAVE: true });
    const admin = (await call(sb, GET, { params: { groupId: F.openGroupWithoutDemoUser, select } }, DEMO_TOKENS.admin)).body.result.ACTIONS;
    expect(admin).toMatchObject({ EDIT: true, DELETE: true, INVITE: true });
  });

  it('PRIVACY_TYPE answers as PRIVACY_CODE open|closed|secret; PIN as IS_PIN; mode=mobile adds ADDITIONAL_DATA', async () => {
    const code = async (groupId: number, token: string = DEMO_TOKENS.user): Promise<unknown> =>
      (await call(sb, GET, { params: { groupId, select: ['PRIVACY_TYPE', 'PIN'] } }, token)).body.result;
    expect(await code(F.openGroupWithoutDemoUser)).toMatchObject({ PRIVACY_CODE: 'open', IS_PIN: false });
    expect(await code(F.closedGroupWithoutDemoUser)).toMatchObject({ PRIVACY_CODE: 'closed' });
    expect(await code(F.secretGroupWithoutDemoUser, DEMO_TOKENS.admin)).toMatchObject({ PRIVACY_CODE: 'secret' });
    const mobile = await call(sb, GET, { params: { groupId: F.openGroupWithoutDemoUser, mode: 'mobile' } });
    expect(mobile.body.result.ADDITIONAL_DATA).toEqual({ ROLE: '', INITIATED_BY_TYPE: '' });
  });

  it('member lists that need rights are empty for a plain member and filled for the owner', async () => {
    const select = ['GROUP_MEMBERS_LIST', 'LIST_OF_MEMBERS_AWAITING_INVITE', 'COUNTERS'];
    const groupId = F.groupOwnedByDemoUser;
    const rels = sb.store.relationsOfGroup(groupId);
    const owner = (await call(sb, GET, { params: { groupId, select } })).body.result;
    expect(owner.GROUP_MEMBERS_LIST.map((m: { id: number }) => m.id)).toEqual(rels.map((r) => r.userId));
    expect(owner.COUNTERS).toEqual({
      workgroup_requests_out: rels.filter((r) => r.role === 'Z' && r.initiatedByType === 'G').length,
      workgroup_requests_in: rels.filter((r) => r.role === 'Z' && r.initiatedByType === 'U').length,
    });
    const memberId = rels.find((r) => r.role === 'K')!.userId;
    sb.store.addToken('member-token', memberId, { scopes: ['socialnetwork'] });
    // the seed's owned group lets only moderators and the owner invite, so a plain member may not see the lists
    expect(sb.store.group(groupId)!.initiatePerms).toBe('E');
    const member = (await call(sb, GET, { params: { groupId, select } }, 'member-token')).body.result;
    expect(member.GROUP_MEMBERS_LIST).toEqual([]);
    expect(member.LIST_OF_MEMBERS_AWAITING_INVITE).toEqual([]);
  });

  it('DATE_CREATE in select switches that field to the readable format; other dates keep the site format', async () => {
    const r = await call(sb, GET, { params: { groupId: F.groupOwnedByDemoUser, select: ['DATE_CREATE'] } });
    expect(r.body.result.DATE_CREATE).toMatch(/^(today, |yesterday, |[A-Z][a-z]+ \d{1,2}, (\d{4} )?)\d{2}:\d{2}$/);
    expect(r.body.result.DATE_UPDATE).toMatch(SITE_DATE);
  });

  it('method names are case-insensitive', async () => {
    const r = await call(sb, GET.toUpperCase(), { params: { groupId: F.groupOwnedByDemoUser } });
    expect([r.status, r.body.result.ID]).toEqual([200, F.groupOwnedByDemoUser]);
  });
});

describe('socialnetwork.api.workgroup.list', () => {
  it('default select is ID only, as strings under result.workgroups, with total and next', async () => {
    const r = await call(sb, LIST, {});
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['result', 'next', 'total', 'time']);
    const ids = visibleIds(F.demoUserId);
    expect(r.body.total).toBe(ids.length);
    expect(r.body.next).toBe(50);
    expect(r.body.result.workgroups).toEqual(ids.slice(0, 50).map((id) => ({ id })));
  });

  it('select is whitelisted, camelCased, ID always added; numbers are strings, dates ISO, NULL stays null', async () => {
    const id = sb.store.groups().find((g) => g.imageId !== null && g.visible === 'Y')!;
    const r = await call(sb, LIST, {
      filter: { ID: id.id },
      select: ['NAME', 'NUMBER_OF_MEMBERS', 'IMAGE_ID', 'DATE_CREATE', 'AVATAR_TYPE', 'TYPE', 'OWNER_ID', 'SEARCH_INDEX', 'name'],
    });
    expect(r.body.result.workgroups).toHaveLength(1);
    const row = r.body.result.workgroups[0];
    expect(Object.keys(row)).toEqual(['id', 'name', 'numberOfMembers', 'imageId', 'dateCreate', 'avatarType', 'type', 'ownerId']);
    expect(row).toMatchObject({
      id: String(id.id),
      name: id.name,
      numberOfMembers: String(id.numberOfMembers),
      imageId: String(id.imageId),
      avatarType: null,
      ownerId: String(id.ownerId),
    });
    expect(row.dateCreate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(r.body.total).toBe(1);
    expect(r.body).not.toHaveProperty('next');
  });

  it('filter is unsanitised: ID arrays, @ID, >ID, !ID, %NAME work; ><ID and lowercase fields are dropped', async () => {
    const ids = async (filter: Record<string, unknown>): Promise<string[]> =>
      (await call(sb, LIST, { filter, params: { IS_ADMIN: 'Y' } }, DEMO_TOKENS.admin)).body.result.workgroups.map((w: { id: string }) => w.id);
    expect(await ids({ ID: [3, 1, 2] })).toEqual(['1', '2', '3']);
    expect(await ids({ '@ID': [4, 5] })).toEqual(['4', '5']);
    expect(await ids({ '@ID': '6,7' })).toEqual(['6', '7']);
    expect(await ids({ '>ID': 97 })).toEqual(['98', '99', '100']);
    expect(await ids({ '>=ID': 98, '!ID': 99 })).toEqual(['98', '100']);
    const named = sb.store.groups().filter((g) => g.name.toLowerCase().includes('falcon')).map((g) => String(g.id));
    expect(named.length).toBeGreaterThan(0);
    expect(await ids({ '%NAME': 'FALCON' })).toEqual(named.slice(0, 50));
    expect(await ids({ '><ID': [1, 2], id: 5 })).toHaveLength(50);
  });

  it('order: ID DESC reverses; no order is ID ascending', async () => {
    const desc = await call(sb, LIST, { order: { ID: 'desc' } });
    const ids = visibleIds(F.demoUserId);
    expect(desc.body.result.workgroups.map((w: { id: string }) => w.id)).toEqual([...ids].reverse().slice(0, 50));
  });

  it('visibility: CHECK_PERMISSIONS unless an admin passes params.IS_ADMIN=Y; a non-admin IS_ADMIN is ignored', async () => {
    const total = async (token: string, params?: Record<string, unknown>): Promise<number> =>
      (await call(sb, LIST, params ? { params } : {}, token)).body.total;
    expect(await total(DEMO_TOKENS.user)).toBe(visibleIds(F.demoUserId).length);
    expect(await total(DEMO_TOKENS.user, { IS_ADMIN: 'Y' })).toBe(visibleIds(F.demoUserId).length);
    expect(await total(DEMO_TOKENS.admin)).toBe(visibleIds(F.adminUserId).length);
    expect(await total(DEMO_TOKENS.admin, { IS_ADMIN: 'Y' })).toBe(F.groupCount);
    expect(visibleIds(F.adminUserId).length).toBeLessThan(F.groupCount);
    // SITE_ID is always forced: another site has no groups
    expect(await total(DEMO_TOKENS.admin, { IS_ADMIN: 'Y', siteId: 's2' })).toBe(0);
  });

  it('paging: pages of 50, start floored, past the end empty, start=-1 without total and next', async () => {
    const ids = visibleIds(F.demoUserId);
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.length).toBeLessThan(100);
    const p2 = await call(sb, LIST, { start: 50 });
    expect(p2.body.result.workgroups.map((w: { id: string }) => w.id)).toEqual(ids.slice(50));
    expect(p2.body).not.toHaveProperty('next');
    expect(p2.body.total).toBe(ids.length);
    const floored = await call(sb, LIST, { start: 10 });
    expect(floored.body.result.workgroups[0].id).toBe(ids[0]);
    expect(floored.body.next).toBe(50);
    const past = await call(sb, LIST, { start: 500 });
    expect(past.body.result.workgroups).toEqual([]);
    expect(past.body.total).toBe(ids.length);
    const noCount = await call(sb, LIST, { start: -1 });
    expect(Object.keys(noCount.body)).toEqual(['result', 'time']);
    expect(noCount.body.result.workgroups).toHaveLength(50);
    const none = await call(sb, LIST, { filter: { ID: F.missingGroupId } });
    expect(none.body).toMatchObject({ result: { workgroups: [] }, total: 0 });
  });

  it('mode=mobile adds additionalData, shouldSelectDialogId=Y adds dialogId', async () => {
    const r = await call(sb, LIST, { filter: { ID: F.groupOwnedByDemoUser }, params: { mode: 'mobile', shouldSelectDialogId: 'Y' } });
    const rel = sb.store.relation(F.groupOwnedByDemoUser, F.demoUserId)!;
    expect(r.body.result.workgroups).toEqual([
      { id: String(F.groupOwnedByDemoUser), additionalData: { role: 'A', initiatedByType: rel.initiatedByType }, dialogId: '' },
    ]);
  });
});

describe('socialnetwork.api.workgroup.* scope and batch', () => {
  it('a token without the socialnetwork scope is refused: 403 insufficient_scope, item-level "" inside batch', async () => {
    for (const [method, params] of [[GET, { params: { groupId: F.noScopeUserId } }], [LIST, {}]] as const) {
      const r = await call(sb, method, params, DEMO_TOKENS.noScope);
      expect(r.status).toBe(403);
      expect(r.body).toEqual({
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token',
      });
    }
    const b = await call(sb, 'batch', { cmd: { l: 'socialnetwork.api.workgroup.list' } }, DEMO_TOKENS.noScope);
    expect(b.body.result.result_error).toEqual({ l: { error: 'insufficient_scope', error_description: '' } });
  });

  it('works in batch: list, then get by a $result reference; totals, next and D7 errors item-level', async () => {
    const r = await call(sb, 'batch', {
      halt: 0,
      cmd: {
        list: 'socialnetwork.api.workgroup.list?select[]=NAME&order[ID]=DESC',
        one: 'SOCIALNETWORK.API.WORKGROUP.GET?params[groupId]=$result[list][workgroups][0][id]&params[select][]=USER_DATA',
        top: `socialnetwork.api.workgroup.get?groupId=${F.groupOwnedByDemoUser}`,
      },
    });
    expect(r.status).toBe(200);
    const b = r.body.result;
    const ids = visibleIds(F.demoUserId);
    const last = Number(ids[ids.length - 1]);
    expect(b.result.list.workgroups[0]).toEqual({ id: String(last), name: sb.store.group(last)!.name });
    expect(b.result_total).toEqual({ list: ids.length });
    expect(b.result_next).toEqual({ list: 50 });
    expect(b.result.one.ID).toBe(last);
    expect(b.result.one.USER_DATA).toHaveProperty('ROLE');
    expect(b.result_error).toEqual({ top: EMPTY });
  });
});
