/** Issue 9, section 4: accept what real portals accept, refuse what they refuse. One test per rule. */
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, raw, start } from './helpers.js';

const F = SEED_FACTS;
let sb: Sandbox;

beforeAll(async () => {
  sb = await start();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies are asserted field by field
async function postJson(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await request(`${sb.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.statusCode, body: await r.body.json() };
}
const ids = (rows: { ID: string }[]): number[] => rows.map((g) => Number(g.ID));

describe('URL grammar', () => {
  it('merges slashes as nginx does: /rest//<method> with the SDK telemetry query string', async () => {
    const r = await postJson('/rest//user.current?bx24_request_id=abc&bx24_sdk_ver=2.2.0&bx24_sdk_type=b24-js-sdk', { auth: DEMO_TOKENS.user });
    expect(r.status).toBe(200);
    expect(r.body.result.ID).toBe(String(F.demoUserId));
    const deep = await postJson('//rest///sonet_group.get', { auth: DEMO_TOKENS.user, GROUP_ID: F.groupOwnedByDemoUser });
    expect(ids(deep.body.result)).toEqual([F.groupOwnedByDemoUser]);
    expect(sb.requestLog().map((e) => [e.path, e.method])).toEqual([['/rest//user.current', 'user.current'], ['//rest///sonet_group.get', 'sonet_group.get']]);
  });

  it('no .json suffix is needed', async () => {
    expect((await postJson('/rest/user.current', { auth: DEMO_TOKENS.user })).status).toBe(200);
  });

  it('query-string parameters beside a JSON body are read; body keys win', async () => {
    const onlyQuery = await postJson(`/rest/sonet_group.user.get?ID=${F.groupOwnedByDemoUser}`, { auth: DEMO_TOKENS.user });
    expect(onlyQuery.status).toBe(200);
    const both = await postJson(`/rest/sonet_group.user.get?ID=${F.missingGroupId}&auth=nope`, { auth: DEMO_TOKENS.user, ID: F.groupOwnedByDemoUser });
    expect(both.status).toBe(200);
    expect(both.body.result).toContainEqual({ USER_ID: String(F.demoUserId), ROLE: 'A' });
    const tokenInQuery = await postJson(`/rest/user.current?auth=${DEMO_TOKENS.user2}`, {});
    expect(tokenInQuery.body.result.ID).toBe(String(F.demoUser2Id));
  });
});

describe('profile', () => {
  it('answers the caller’s profile in the global scope (no scope needed)', async () => {
    const r = await call(sb, 'profile', {}, DEMO_TOKENS.noScope);
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({ ID: String(F.noScopeUserId), ADMIN: false, NAME: 'Nikolai', LAST_NAME: 'Noscope', PERSONAL_GENDER: 'M', TIME_ZONE: '', TIME_ZONE_OFFSET: 0 });
    const admin = await call(sb, 'profile', {}, DEMO_TOKENS.admin);
    expect(admin.body.result.ADMIN).toBe(true);
    expect((await call(sb, 'profile', {}, null)).status).toBe(401);
  });
});

describe('sonet_group.get reads only upper-case ORDER, FILTER, GROUP_ID, IS_ADMIN', () => {
  const firstVisibleByIdDesc = (): number[] => [...sb.store.visibleGroupIds(F.demoUserId)].sort((a, b) => b - a).slice(0, 50);

  it('lower-case filter and order are ignored: the first 50 visible groups by ID DESC', async () => {
    const r = await call(sb, 'sonet_group.get', { filter: { ID: F.groupOwnedByDemoUser }, order: { ID: 'ASC' } });
    expect(ids(r.body.result)).toEqual(firstVisibleByIdDesc());
    expect(r.body.total).toBe(sb.store.visibleGroupIds(F.demoUserId).length);
  });

  it('lower-case group_id and is_admin are ignored too', async () => {
    const g = await call(sb, 'sonet_group.get', { group_id: F.groupOwnedByDemoUser });
    expect(ids(g.body.result)).toEqual(firstVisibleByIdDesc());
    const a = await call(sb, 'sonet_group.get', { is_admin: 'Y', start: -1 }, DEMO_TOKENS.admin);
    expect(ids(a.body.result)).not.toContain(sb.store.groups().find((x) => !sb.store.isVisibleTo(x, F.adminUserId))?.id);
  });

  it('upper-case keys work, and a lower-case twin does not disturb them', async () => {
    const r = await call(sb, 'sonet_group.get', { FILTER: { '>ID': 10 }, ORDER: { ID: 'ASC' }, filter: { '>ID': 90 } });
    expect(ids(r.body.result)[0]).toBeGreaterThan(10);
    expect(ids(r.body.result)[0]).toBeLessThan(20);
  });

  it('the SDK list helper’s cursor call stalls: every page is the same 50 rows, total 0', async () => {
    const page = async (cursor: number) =>
      ids((await call(sb, 'sonet_group.get', { order: { ID: 'ASC' }, filter: { '>ID': cursor }, start: -1 }, DEMO_TOKENS.admin)).body.result);
    const first = await page(0);
    expect(first).toHaveLength(50);
    const second = await page(Math.max(...first));
    expect(second).toEqual(first);
    const r = await call(sb, 'sonet_group.get', { order: { ID: 'ASC' }, filter: { '>ID': 0 }, start: -1 }, DEMO_TOKENS.admin);
    expect(r.body.total).toBe(0);
  });
});

describe('user.get upper-cases every key', () => {
  it('lower-case filter, sort and order work', async () => {
    const r = await call(sb, 'user.get', { filter: { '>ID': 295 }, sort: 'ID', order: 'DESC' });
    expect(r.body.result.map((u: { ID: string }) => u.ID)).toEqual(['300', '299', '298', '297', '296']);
  });

  it('the last of filter / FILTER wins', async () => {
    const lowerLast = await postJson('/rest/user.get', { auth: DEMO_TOKENS.user, FILTER: { ID: 4 }, filter: { ID: 5 } });
    expect(lowerLast.body.result.map((u: { ID: string }) => u.ID)).toEqual(['5']);
    const upperLast = await postJson('/rest/user.get', { auth: DEMO_TOKENS.user, filter: { ID: 5 }, FILTER: { ID: 4 } });
    expect(upperLast.body.result.map((u: { ID: string }) => u.ID)).toEqual(['4']);
  });
});

describe('legacy sonet_group.user.* read exact upper-case keys', () => {
  it('sonet_group.user.get {id} is not {ID}; sonet_group.user.request {group_id} is not {GROUP_ID}', async () => {
    expect((await call(sb, 'sonet_group.user.get', { id: F.groupOwnedByDemoUser })).body).toEqual({ error: '', error_description: 'Wrong socialnetwork group ID' });
    expect((await call(sb, 'sonet_group.user.request', { group_id: F.closedGroupWithoutDemoUser })).body).toEqual({ error: '', error_description: 'Wrong group ID' });
    expect((await raw(sb, `/rest/sonet_group.user.get?auth=demo-user&ID=${F.groupOwnedByDemoUser}`)).status).toBe(200);
  });
});
