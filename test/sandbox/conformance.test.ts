import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, ERROR_NO_GROUP_TEXT, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, fakeClock, form, raw, start } from './helpers.js';

const F = SEED_FACTS;
const clock = fakeClock();
let sb: Sandbox;

beforeAll(async () => {
  sb = await start({ now: clock.now });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const GROUP_KEYS = [
  'ID', 'SITE_ID', 'NAME', 'DESCRIPTION', 'DATE_CREATE', 'DATE_UPDATE', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED',
  'SUBJECT_ID', 'OWNER_ID', 'KEYWORDS', 'NUMBER_OF_MEMBERS', 'DATE_ACTIVITY', 'SUBJECT_NAME', 'PROJECT',
];

async function ids(params: Record<string, unknown>, token: string = DEMO_TOKENS.admin): Promise<number[]> {
  const r = await call(sb, 'sonet_group.get', params, token);
  expect(r.status).toBe(200);
  return (r.body.result as { ID: string }[]).map((g) => Number(g.ID));
}

/** All ids over every page, following `next`. */
async function allIds(params: Record<string, unknown>, token: string = DEMO_TOKENS.admin): Promise<number[]> {
  const out: number[] = [];
  let startAt: number | undefined = 0;
  while (startAt !== undefined) {
    const r = await call(sb, 'sonet_group.get', { ...params, start: startAt }, token);
    out.push(...(r.body.result as { ID: string }[]).map((g) => Number(g.ID)));
    startAt = r.body.next as number | undefined;
  }
  return out;
}

describe('envelopes', () => {
  it('success: result, total, time with every key; values are strings or null; ISO dates', async () => {
    const r = await call(sb, 'sonet_group.get', { FILTER: { ID: F.groupOwnedByDemoUser } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(r.body)).toEqual(['result', 'total', 'time']);
    expect(r.body.total).toBe(1);
    const row = r.body.result[0] as Record<string, unknown>;
    expect(Object.keys(row).slice(0, GROUP_KEYS.length)).toEqual(GROUP_KEYS);
    expect(Object.keys(row).at(-1)).toBe('IS_EXTRANET');
    for (const v of Object.values(row)) expect(v === null || typeof v === 'string').toBe(true);
    expect(row.ID).toBe(String(F.groupOwnedByDemoUser));
    expect(row.OWNER_ID).toBe(String(F.demoUserId));
    for (const k of ['DATE_CREATE', 'DATE_UPDATE', 'DATE_ACTIVITY']) expect(row[k]).toMatch(ISO);
    expect(row.DATE_CREATE).toMatch(/\+03:00$/);
    const t = r.body.time;
    expect(Object.keys(t)).toEqual(['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating_reset_at', 'operating']);
    expect(t.start).toBe(clock.value() / 1000);
    expect(t.date_start).toBe('2026-03-19T15:00:00+03:00');
    expect(t.operating).toBe(0);
    expect(Number.isInteger(t.operating_reset_at)).toBe(true);
  });

  it('error: only error and error_description, no time', async () => {
    const r = await call(sb, 'sonet_group.user.get', { ID: 0 });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: '', error_description: 'Wrong socialnetwork group ID' });
  });

  it('nulls for DESCRIPTION/KEYWORDS where the seed has none; IMAGE is a relative path when set', async () => {
    const r = await call(sb, 'sonet_group.get', { IS_ADMIN: 'Y' }, DEMO_TOKENS.admin);
    const rows = r.body.result as Record<string, unknown>[];
    expect(rows.some((g) => g.DESCRIPTION === null)).toBe(true);
    expect(rows.some((g) => g.KEYWORDS === null)).toBe(true);
    const withImage = rows.find((g) => g.IMAGE !== undefined);
    expect(withImage?.IMAGE).toMatch(/^\/upload\//);
  });

  it('escapes like PHP json_encode with HEX flags', async () => {
    const g = sb.store.groups().find((x) => x.name.includes('<'));
    expect(g).toBeDefined();
    const r = await call(sb, 'sonet_group.get', { FILTER: { ID: g?.id } });
    expect(r.text).toContain('\\u003C');
    expect(r.text).toContain('\\u0026');
    expect(r.text).toContain('\\u0022');
    expect(r.text).toContain('\\u0027');
    expect(r.text).toContain('\\/');
    expect(r.text).not.toMatch(/<|>|&/);
    expect(r.body.result[0].NAME).toBe(g?.name);
  });
});

describe('routing', () => {
  it('accepts .json, trailing slash, upper case and GET with a query string', async () => {
    for (const path of ['/rest/user.current.json', '/rest/USER.CURRENT', '/rest/user.current/', '/rest/User.Current.json/']) {
      const r = await raw(sb, `${path}?auth=demo-user`);
      expect(r.status, path).toBe(200);
      expect(r.body.result.ID).toBe(String(F.demoUserId));
    }
  });

  it('unknown method → 404 ERROR_METHOD_NOT_FOUND; .xml is unsupported; other paths 404', async () => {
    const r = await call(sb, 'sonet_group.nope', {});
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
    expect((await raw(sb, '/rest/user.current.xml?auth=demo-user')).body.error).toBe('ERROR_METHOD_NOT_FOUND');
    expect((await raw(sb, '/rest/user.current.php?auth=demo-user')).status).toBe(404);
    expect((await raw(sb, '/elsewhere')).status).toBe(404);
  });

  it('form-encoded bodies with PHP brackets and body-over-query precedence', async () => {
    const r = await form(sb, 'sonet_group.get', `auth=demo-admin&IS_ADMIN=Y&FILTER%5BID%5D%5B%5D=${F.groupOwnedByDemoUser}&FILTER[ID][]=${F.secretGroupWithoutDemoUser}`);
    expect(r.body.result.map((g: { ID: string }) => Number(g.ID)).sort((a: number, b: number) => a - b)).toEqual(
      [F.groupOwnedByDemoUser, F.secretGroupWithoutDemoUser].sort((a, b) => a - b),
    );
    // query says ID=missing, body overrides with a real group
    const o = await form(sb, 'sonet_group.user.get', `ID=${F.groupOwnedByDemoUser}`, `?auth=demo-user&ID=${F.missingGroupId}`);
    expect(o.status).toBe(200);
  });

  it('invalid JSON acts as {}', async () => {
    const r = await raw(sb, '/rest/sonet_group.user.request?auth=demo-user', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"GROUP_ID": 5,,,',
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: '', error_description: 'Wrong group ID' });
  });

  it('CORS and nosniff headers', async () => {
    const r = await call(sb, 'user.current');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('sonet_group.get pagination', () => {
  it('pages of 50, start floored, total always, next only when more', async () => {
    const total = F.groupCount;
    const p0 = await call(sb, 'sonet_group.get', { IS_ADMIN: 'Y' }, DEMO_TOKENS.admin);
    expect(p0.body.result).toHaveLength(50);
    expect(p0.body.total).toBe(total);
    expect(p0.body.next).toBe(50);
    const p10 = await call(sb, 'sonet_group.get', { IS_ADMIN: 'Y', start: 10 }, DEMO_TOKENS.admin);
    expect(p10.body.result).toEqual(p0.body.result);
    expect(p10.body.next).toBe(50);
    const last = await call(sb, 'sonet_group.get', { IS_ADMIN: 'Y', start: 50 }, DEMO_TOKENS.admin);
    expect(last.body.result).toHaveLength(total - 50);
    expect(last.body.total).toBe(total);
    expect('next' in last.body).toBe(false);
    const all = await allIds({ IS_ADMIN: 'Y' });
    expect(new Set(all).size).toBe(total);
  });

  it('empty result: [] with total 0 and no next', async () => {
    const r = await call(sb, 'sonet_group.get', { FILTER: { ID: F.missingGroupId } });
    expect(r.body.result).toEqual([]);
    expect(r.body.total).toBe(0);
    expect('next' in r.body).toBe(false);
  });

  it('start past the end clamps to the last page (legacy CDBResult)', async () => {
    const r = await call(sb, 'sonet_group.get', { IS_ADMIN: 'Y', start: 5000 }, DEMO_TOKENS.admin);
    expect(r.body.result).toHaveLength(F.groupCount - 50);
  });
});

describe('sonet_group.get filter and order', () => {
  const store = () => sb.store;
  const sortNum = (a: number[]): number[] => [...a].sort((x, y) => x - y);
  const admin = { IS_ADMIN: 'Y' };

  it('array = IN, !array = NOT IN', async () => {
    expect(sortNum(await ids({ ...admin, FILTER: { ID: [1, 2, 3] } }))).toEqual([1, 2, 3]);
    const notIn = await allIds({ ...admin, FILTER: { '!ID': [1, 2, 3] } });
    expect(notIn).toHaveLength(F.groupCount - 3);
    expect(notIn).not.toContain(2);
  });

  it('comparison operators on numbers and dates', async () => {
    const gt = await allIds({ ...admin, FILTER: { '>NUMBER_OF_MEMBERS': 10 } });
    expect(sortNum(gt)).toEqual(store().groups().filter((g) => g.numberOfMembers > 10).map((g) => g.id));
    const le = await allIds({ ...admin, FILTER: { '<=ID': 7, '>=ID': 5 } });
    expect(sortNum(le)).toEqual([5, 6, 7]);
    const cut = Date.UTC(2025, 0, 1);
    const dates = await allIds({ ...admin, FILTER: { '>=DATE_CREATE': '2025-01-01T03:00:00+03:00' } });
    expect(sortNum(dates)).toEqual(store().groups().filter((g) => g.dateCreate >= cut).map((g) => g.id));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.length).toBeLessThan(F.groupCount);
  });

  it('% is a case-insensitive substring, !% negates, = and ! on strings', async () => {
    const r = await allIds({ ...admin, FILTER: { '%NAME': 'PROJECT' } });
    const expected = store().groups().filter((g) => g.name.toLowerCase().includes('project')).map((g) => g.id);
    expect(sortNum(r)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);
    const notLike = await allIds({ ...admin, FILTER: { '!%NAME': 'project' } });
    expect(notLike.length).toBe(F.groupCount - expected.length);
    const inactive = await allIds({ ...admin, FILTER: { ACTIVE: 'N' } });
    expect(sortNum(inactive)).toEqual(store().groups().filter((g) => g.active === 'N').map((g) => g.id));
    const notArchived = await allIds({ ...admin, FILTER: { '!CLOSED': 'Y' } });
    expect(notArchived.length).toBe(store().groups().filter((g) => g.closed === 'N').length);
  });

  it('drops @ and >< prefixes, unknown and lower-case fields', async () => {
    for (const f of [{ '@ID': [1] }, { '><ID': [1, 3] }, { FOO: 'x' }, { name: 'nothing-matches' }, { '=%NAME': 'x%' }]) {
      const r = await call(sb, 'sonet_group.get', { ...admin, FILTER: f }, DEMO_TOKENS.admin);
      expect(r.body.total, JSON.stringify(f)).toBe(F.groupCount);
    }
  });

  it('GROUP_ID adds ID = GROUP_ID', async () => {
    expect(await ids({ GROUP_ID: F.groupModeratedByDemoUser }, DEMO_TOKENS.user)).toEqual([F.groupModeratedByDemoUser]);
  });

  it('ORDER: default ID DESC, ASC, non-ASC = DESC, keys case-insensitive, unknown ignored', async () => {
    const def = await ids(admin);
    expect(def[0]).toBe(F.groupCount);
    expect(def).toEqual([...def].sort((a, b) => b - a));
    expect((await ids({ ...admin, ORDER: { id: 'asc' } }))[0]).toBe(1);
    expect((await ids({ ...admin, ORDER: { ID: 'whatever' } }))[0]).toBe(F.groupCount);
    expect((await ids({ ...admin, ORDER: { NOPE: 'DESC' } }))[0]).toBe(1); // no valid key: natural order
    const byName = await call(sb, 'sonet_group.get', { ...admin, ORDER: { NAME: 'ASC' } }, DEMO_TOKENS.admin);
    const names = (byName.body.result as { NAME: string }[]).map((g) => g.NAME.toLowerCase());
    expect(names).toEqual([...names].sort());
  });
});

describe('visibility (protocol §6.4)', () => {
  it('secret groups are hidden unless the caller is A/E/K; pending Z does not count', async () => {
    const visible = await allIds({}, DEMO_TOKENS.user);
    expect(new Set(visible)).toEqual(new Set(sb.store.visibleGroupIds(F.demoUserId)));
    expect(visible).not.toContain(F.secretGroupWithoutDemoUser);
    const memberSecret = sb.store.groups().find((g) => g.visible === 'N' && ['A', 'E', 'K'].includes(sb.store.relation(g.id, F.demoUserId)?.role ?? ''));
    expect(memberSecret).toBeDefined();
    expect(visible).toContain(memberSecret?.id);
    const pendingSecret = sb.store.groups().find((g) => g.visible === 'N' && sb.store.relation(g.id, F.demoUserId)?.role === 'Z');
    expect(pendingSecret).toBeDefined();
    expect(visible).not.toContain(pendingSecret?.id);
    // inactive and archived groups stay visible
    expect(visible).toContain(F.inactiveGroupWithoutDemoUser);
  });

  it('IS_ADMIN=Y bypasses only for admins, and only the exact string Y', async () => {
    expect((await allIds({ IS_ADMIN: 'Y' }, DEMO_TOKENS.admin)).length).toBe(F.groupCount);
    const adminPlain = await allIds({}, DEMO_TOKENS.admin);
    expect(adminPlain.length).toBe(sb.store.visibleGroupIds(F.adminUserId).length);
    expect(adminPlain.length).toBeLessThan(F.groupCount);
    expect((await allIds({ IS_ADMIN: 'y' }, DEMO_TOKENS.admin)).length).toBe(adminPlain.length);
    expect(await allIds({ IS_ADMIN: 'Y' }, DEMO_TOKENS.user)).not.toContain(F.secretGroupWithoutDemoUser);
  });
});

describe('sonet_group.user.groups and sonet_group.user.get', () => {
  it('user.groups lists A/E/K relations by relation ID, unpaginated, no total', async () => {
    const r = await call(sb, 'sonet_group.user.groups');
    expect(Object.keys(r.body)).toEqual(['result', 'time']);
    const rows = r.body.result as Record<string, unknown>[];
    const expected = sb.store.relationsOfUser(F.demoUserId).filter((x) => x.role !== 'Z');
    expect(rows.map((x) => Number(x.GROUP_ID))).toEqual(expected.map((x) => x.groupId));
    expect(rows.map((x) => x.GROUP_ID)).not.toContain(String(F.groupWhereDemoUserIsPending));
    expect(rows.find((x) => x.GROUP_ID === String(F.groupOwnedByDemoUser))?.ROLE).toBe('A');
    expect(rows.find((x) => x.GROUP_ID === String(F.groupModeratedByDemoUser))?.ROLE).toBe('E');
    for (const x of rows) {
      expect(Object.keys(x)).toEqual(['GROUP_ID', 'GROUP_NAME', 'ROLE', 'GROUP_IMAGE_ID', 'GROUP_IMAGE']);
      expect(x.GROUP_IMAGE === '' || String(x.GROUP_IMAGE).startsWith('http')).toBe(true);
    }
  });

  it('user.get (members) takes ID, returns active A/E/K only, strings', async () => {
    const gid = F.groupWhereDemoUserIsPending;
    const r = await call(sb, 'sonet_group.user.get', { ID: gid });
    expect(r.status).toBe(200);
    const rows = r.body.result as { USER_ID: string; ROLE: string }[];
    const expected = sb.store.relationsOfGroup(gid).filter((x) => x.role !== 'Z' && sb.store.user(x.userId)?.active);
    expect(rows).toEqual(expected.map((x) => ({ USER_ID: String(x.userId), ROLE: x.role })));
    expect(rows.map((x) => x.USER_ID)).not.toContain(String(F.demoUserId));
    expect('total' in r.body).toBe(false);
  });

  it('excludes inactive users', async () => {
    const g = sb.store.groups().find((x) => sb.store.relationsOfGroup(x.id).some((r) => r.role !== 'Z' && !sb.store.user(r.userId)?.active));
    expect(g).toBeDefined();
    const r = await call(sb, 'sonet_group.user.get', { ID: g?.id }, DEMO_TOKENS.admin);
    expect(r.body.result).toHaveLength(g?.numberOfMembers ?? -1);
  });

  it('errors: wrong ID, GROUP_ID is not ID, secret not found, admin bypass', async () => {
    expect((await call(sb, 'sonet_group.user.get', { GROUP_ID: 1 })).body).toEqual({ error: '', error_description: 'Wrong socialnetwork group ID' });
    const secret = await call(sb, 'sonet_group.user.get', { ID: F.secretGroupWithoutDemoUser });
    expect(secret.status).toBe(400);
    expect(secret.body).toEqual({ error: '', error_description: 'Socialnetwork group not found' });
    expect((await call(sb, 'sonet_group.user.get', { ID: F.missingGroupId })).body.error_description).toBe('Socialnetwork group not found');
    expect((await call(sb, 'sonet_group.user.get', { ID: F.secretGroupWithoutDemoUser }, DEMO_TOKENS.admin)).status).toBe(200);
  });
});

describe('sonet_group.user.request', () => {
  it('open group → K immediately; counters and DATE_UPDATE change', async () => {
    const gid = F.openGroupWithoutDemoUser;
    const before = sb.store.group(gid)?.numberOfMembers ?? 0;
    clock.advance(1000);
    const r = await call(sb, 'sonet_group.user.request', { GROUP_ID: gid, MESSAGE: 'hi' });
    expect(r.status).toBe(200);
    expect(r.body.result).toBe(true);
    expect(sb.store.relation(gid, F.demoUserId)).toEqual({ role: 'K', initiatedByType: 'U', message: 'hi' });
    expect(sb.store.group(gid)?.numberOfMembers).toBe(before + 1);
    expect(sb.store.group(gid)?.dateUpdate).toBe(clock.value());
    const m = await call(sb, 'sonet_group.user.get', { ID: gid });
    expect(m.body.result).toContainEqual({ USER_ID: String(F.demoUserId), ROLE: 'K' });
  });

  it('closed group → Z with the message; not listed as a member', async () => {
    const gid = F.closedGroupWithoutDemoUser;
    const before = sb.store.group(gid)?.numberOfMembers;
    const r = await form(sb, 'sonet_group.user.request', `auth=demo-user&GROUP_ID=${gid}&MESSAGE=Let+me+in`);
    expect(r.body.result).toBe(true);
    expect(sb.store.relation(gid, F.demoUserId)).toEqual({ role: 'Z', initiatedByType: 'U', message: 'Let me in' });
    expect(sb.store.group(gid)?.numberOfMembers).toBe(before);
  });

  it('secret group → not found, even for admins; bad id → Wrong group ID; inactive → ERROR_NO_GROUP', async () => {
    const secret = await call(sb, 'sonet_group.user.request', { GROUP_ID: F.secretGroupWithoutDemoUser });
    expect(secret.status).toBe(400);
    expect(secret.body).toEqual({ error: '', error_description: 'Socialnetwork group not found' });
    const adminSecret = sb.store.groups().find((g) => g.visible === 'N' && !sb.store.relation(g.id, F.adminUserId));
    const a = await call(sb, 'sonet_group.user.request', { GROUP_ID: adminSecret?.id }, DEMO_TOKENS.admin);
    expect(a.body.error_description).toBe('Socialnetwork group not found');
    for (const bad of [0, -3, 'abc', undefined]) {
      const r = await call(sb, 'sonet_group.user.request', bad === undefined ? {} : { GROUP_ID: bad });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: '', error_description: 'Wrong group ID' });
    }
    expect((await call(sb, 'sonet_group.user.request', { GROUP_ID: F.missingGroupId })).body.error_description).toBe('Socialnetwork group not found');
    const inactive = await call(sb, 'sonet_group.user.request', { GROUP_ID: F.inactiveGroupWithoutDemoUser });
    expect(inactive.status).toBe(400);
    expect(inactive.body).toEqual({ error: 'ERROR_NO_GROUP', error_description: ERROR_NO_GROUP_TEXT });
    expect(sb.store.relation(F.inactiveGroupWithoutDemoUser, F.demoUserId)).toBeUndefined();
  });

  it('upserts: an owner who requests their own open group is overwritten to K (Bitrix24 behaviour)', async () => {
    const gid = F.groupOwnedByDemoUser;
    const before = sb.store.group(gid)?.numberOfModerators ?? 0;
    await call(sb, 'sonet_group.user.request', { GROUP_ID: gid });
    expect(sb.store.relation(gid, F.demoUserId)?.role).toBe('K');
    expect(sb.store.group(gid)?.numberOfModerators).toBe(before - 1);
    // a pending requester asking again just rewrites the request
    await call(sb, 'sonet_group.user.request', { GROUP_ID: F.groupWhereDemoUserIsPending, MESSAGE: 'again' });
    expect(sb.store.relation(F.groupWhereDemoUserIsPending, F.demoUserId)).toEqual({ role: 'Z', initiatedByType: 'U', message: 'again' });
  });

  it('reset restores the seed', async () => {
    await call(sb, 'sonet_group.user.request', { GROUP_ID: F.openGroupWithoutDemoUser });
    expect(sb.store.relation(F.openGroupWithoutDemoUser, F.demoUserId)).toBeDefined();
    const r = await raw(sb, '/sandbox/reset', { method: 'POST' });
    expect(r.body).toEqual({ ok: true });
    expect(sb.store.relation(F.openGroupWithoutDemoUser, F.demoUserId)).toBeUndefined();
    expect(sb.requestLog()).toEqual([]);
  });
});

describe('user.current and user.get', () => {
  it('user.current: ID string, ACTIVE boolean, raw TIMESTAMP_X / LAST_ACTIVITY_DATE strings', async () => {
    const r = await call(sb, 'user.current');
    const u = r.body.result;
    expect(u.ID).toBe(String(F.demoUserId));
    expect(u.ACTIVE).toBe(true);
    expect(u.TIMESTAMP_X).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(u.LAST_ACTIVITY_DATE).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(u.DATE_REGISTER).toMatch(ISO);
    expect(u.UF_DEPARTMENT.every((x: unknown) => typeof x === 'number')).toBe(true);
    expect(['Y', 'N']).toContain(u.IS_ONLINE);
  });

  it('user.get: FILTER or legacy top-level keys, IN arrays, {} dates, total', async () => {
    const a = await call(sb, 'user.get', { FILTER: { ID: [2, 3] } });
    expect(a.body.result.map((u: { ID: string }) => u.ID)).toEqual(['2', '3']);
    expect(a.body.total).toBe(2);
    expect(a.body.result[0].TIMESTAMP_X).toEqual({});
    const legacy = await call(sb, 'user.get', { ID: 3 });
    expect(legacy.body.result.map((u: { ID: string }) => u.ID)).toEqual(['3']);
    const q = await raw(sb, '/rest/user.get?auth=demo-user&filter[id][]=4&filter[id][]=5');
    expect(q.body.result.map((u: { ID: string }) => u.ID)).toEqual(['4', '5']);
  });

  it('user.get: ACTIVE, %NAME, SORT+ORDER, start not floored, no total when empty', async () => {
    const inactive = await call(sb, 'user.get', { FILTER: { ACTIVE: false } });
    const expectedInactive = sb.store.users().filter((u) => !u.active).length;
    expect(inactive.body.total).toBe(expectedInactive);
    expect(inactive.body.result.every((u: { ACTIVE: boolean }) => u.ACTIVE === false)).toBe(true);
    const like = await call(sb, 'user.get', { FILTER: { '%LAST_NAME': 'demo' } });
    expect(like.body.result.map((u: { ID: string }) => u.ID)).toEqual(['2', '3']);
    const sorted = await call(sb, 'user.get', { SORT: 'ID', ORDER: 'desc' });
    expect(sorted.body.result[0].ID).toBe(String(F.userCount));
    const p = await call(sb, 'user.get', { start: 10 });
    expect(p.body.result[0].ID).toBe('11');
    expect(p.body.next).toBe(60);
    expect(p.body.total).toBe(F.userCount);
    const lastPage = await call(sb, 'user.get', { start: F.userCount - 5 });
    expect(lastPage.body.result).toHaveLength(5);
    expect('next' in lastPage.body).toBe(false);
    const none = await call(sb, 'user.get', { FILTER: { ID: 999_999 } });
    expect(none.body.result).toEqual([]);
    expect('total' in none.body).toBe(false);
  });
});
