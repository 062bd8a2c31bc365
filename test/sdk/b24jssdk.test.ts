/**
 * The official Bitrix24 JS SDK (@bitrix24/b24jssdk) against the sandbox portal, over real sockets.
 *
 * 2.2 refuses plain-HTTP *webhook* URLs (`B24Hook` throws JSSDK_HOOK_URL_NOT_HTTPS), so the SDK is set up the way
 * an OAuth application is: `B24OAuth` with `clientEndpoint` = `http://127.0.0.1:<port>/rest/` and a demo token as
 * the access token. It then posts JSON to `/rest//<method>` (the endpoint ends in a slash) with its telemetry in the
 * query string, which the sandbox accepts like an nginx-fronted portal.
 */
import { ApiVersion, B24OAuth, ParamsFactory } from '@bitrix24/b24jssdk';
import type { B24OAuthParams, B24OAuthSecret } from '@bitrix24/b24jssdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';

const F = SEED_FACTS;
const HOUR = 3600;
const SECRET: B24OAuthSecret = { clientId: 'local.sandbox', clientSecret: 'not-used' };

function sdkFor(sb: Sandbox, token: string, userId: number, restrictionParams = ParamsFactory.getDefault()): B24OAuth {
  const params: B24OAuthParams = {
    applicationToken: 'sandbox-app-token',
    userId,
    memberId: 'sandbox-member',
    accessToken: token,
    refreshToken: 'not-used',
    // Seconds since the epoch; far enough ahead that the SDK never tries to refresh during a test.
    expires: Math.floor(Date.now() / 1000) + HOUR,
    expiresIn: HOUR,
    scope: 'sonet_group,socialnetwork,user',
    domain: new URL(sb.url).host,
    clientEndpoint: `${sb.url}/rest/`,
    serverEndpoint: `${sb.url}/oauth-is-not-emulated/rest/`,
    status: 'L',
  } as B24OAuthParams;
  const b24 = new B24OAuth(params, SECRET, { restrictionParams });
  b24.offClientSideWarning();
  return b24;
}

type Row = { ID: string };
const ids = (rows: Row[]): number[] => rows.map((r) => Number(r.ID));

describe('b24jssdk against the sandbox', () => {
  let sb: Sandbox;
  let b24: B24OAuth;

  beforeAll(async () => {
    sb = createSandbox();
    await sb.listen(0);
    b24 = sdkFor(sb, DEMO_TOKENS.user, F.demoUserId);
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(() => sb.reset());

  it('user.current: one POST to /rest//user.current with the SDK telemetry; the demo user answers', async () => {
    const response = await b24.actions.v2.call.make<{ ID: string; NAME: string }>({ method: 'user.current' });
    expect(response.isSuccess).toBe(true);
    expect(response.getData()?.result).toMatchObject({ ID: String(F.demoUserId), NAME: 'Dmitry' });
    const log = sb.requestLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ httpMethod: 'POST', path: '/rest//user.current', method: 'user.current', status: 200, user: F.demoUserId });
    expect(Object.keys(log[0]?.params ?? {})).toEqual(expect.arrayContaining(['bx24_request_id', 'bx24_sdk_ver', 'bx24_sdk_type']));
  });

  it('profile: the admin flag the SDK asks for', async () => {
    const response = await b24.actions.v2.call.make<{ ID: string; ADMIN: boolean }>({ method: 'profile' });
    expect(response.getData()?.result).toMatchObject({ ID: String(F.demoUserId), ADMIN: false });
  });

  it('sonet_group.get with paging: the SDK’s own fetchNext follows `next` over every visible group once, ID ASC', async () => {
    const visible = sb.store.visibleGroupIds(F.demoUserId);
    let page: Awaited<ReturnType<typeof b24.actions.v2.call.make<Row[]>>> | null = await b24.actions.v2.call.make<Row[]>({
      method: 'sonet_group.get',
      params: { ORDER: { ID: 'ASC' } },
    });
    const seen: number[] = [];
    const totals: number[] = [];
    while (page) {
      expect(page.isSuccess).toBe(true);
      seen.push(...ids(page.getData()?.result ?? []));
      totals.push(page.getTotal());
      page = await page.fetchNext(b24.getHttpClient(ApiVersion.v2));
    }
    const pages = Math.ceil(visible.length / 50);
    expect(seen).toEqual([...visible].sort((a, b) => a - b));
    expect(totals).toEqual(Array.from({ length: pages }, () => visible.length));
    expect(sb.requestLog().map((e) => [e.method, e.params?.start ?? 0])).toEqual(Array.from({ length: pages }, (_, i) => ['sonet_group.get', i * 50]));
  });

  it('batchByChunk with 60 calls: two batch requests (50 + 10), 60 results in order', async () => {
    const calls: [string, Record<string, unknown>][] = Array.from({ length: 60 }, (_, i) => ['user.get', { FILTER: { ID: i + 1 } }]);
    const response = await b24.actions.v2.batchByChunk.make<Row[]>({ calls, options: { isHaltOnError: true } });
    expect(response.isSuccess).toBe(true);
    const data = response.getData() ?? [];
    expect(data).toHaveLength(60);
    expect(data.map((rows) => rows[0]?.ID)).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
    const log = sb.requestLog();
    expect(log.map((e) => [e.method, e.batchSize])).toEqual([['batch', 50], ['batch', 10]]);
  });

  it('the join: sonet_group.user.request files a pending request in a closed group', async () => {
    const gid = F.closedGroupWithoutDemoUser;
    const response = await b24.actions.v2.call.make<boolean>({ method: 'sonet_group.user.request', params: { GROUP_ID: gid, MESSAGE: 'from the SDK' } });
    expect(response.isSuccess).toBe(true);
    expect(response.getData()?.result).toBe(true);
    expect(sb.store.relation(gid, F.demoUserId)).toEqual({ role: 'Z', initiatedByType: 'U', message: 'from the SDK' });
  });

  it('an unknown method: the SDK throws its AjaxError ERROR_METHOD_NOT_FOUND (HTTP 404) and does not retry it', async () => {
    await expect(b24.actions.v2.call.make({ method: 'sonet_group.nope' })).rejects.toMatchObject({
      code: 'ERROR_METHOD_NOT_FOUND',
      status: 404,
      message: 'Method not found!',
    });
    expect(sb.requestLog().map((e) => [e.method, e.status])).toEqual([['sonet_group.nope', 404]]);
  });

  it('the v2 list helper fetchList on sonet_group.get stalls, as on a real portal: every page is the same 50 rows', async () => {
    // The helper sends lower-case `order`, `filter[>ID]` and `start=-1`; sonet_group.get reads only upper-case keys,
    // so each answer is the first 50 visible groups by ID DESC and the cursor (the last row's ID) never moves.
    // The SDK 2.2 has no stall guard or page cap here, so the test caps the walk at 5 pages itself.
    const pages: number[][] = [];
    for await (const page of b24.actions.v2.fetchList.make<Row>({ method: 'sonet_group.get', params: {} })) {
      pages.push(ids(page));
      if (pages.length === 5) break;
    }
    const firstFifty = [...sb.store.visibleGroupIds(F.demoUserId)].sort((a, b) => b - a).slice(0, 50);
    expect(pages).toEqual(Array.from({ length: 5 }, () => firstFifty));
    const cursors = sb.requestLog().map((e) => (e.params?.filter as Record<string, unknown> | undefined)?.['>ID']);
    expect(cursors).toEqual([0, Math.min(...firstFifty), Math.min(...firstFifty), Math.min(...firstFifty), Math.min(...firstFifty)]);
  });
});

describe('b24jssdk callList on sonet_group.get', () => {
  it('loops on the same page until the portal’s rate limit stops it: 6 identical cursor calls, then QUERY_LIMIT_EXCEEDED', async () => {
    // callList in 2.2 is `while (true)` with no guard; on a portal with more than 49 visible groups it never ends
    // by itself. Here the portal's leaky bucket (burst 6, and a clock that never advances, so it never drains)
    // ends the storm, and the SDK is told not to retry (ParamsFactory.getRealtime(): maxRetries 1).
    const clock = { now: () => Date.UTC(2026, 2, 19, 12) };
    const sb = createSandbox({ rateLimit: { burst: 6, perSecond: 1 }, now: clock.now });
    await sb.listen(0);
    try {
      const b24 = sdkFor(sb, DEMO_TOKENS.user, F.demoUserId, ParamsFactory.getRealtime());
      await expect(b24.actions.v2.callList.make<Row>({ method: 'sonet_group.get', params: {} })).rejects.toMatchObject({
        code: 'QUERY_LIMIT_EXCEEDED',
        status: 503,
      });
      const log = sb.requestLog();
      expect(log.map((e) => e.status)).toEqual([200, 200, 200, 200, 200, 200, 503]);
      // every call after the first asks for `>ID` = the smallest id of the same first page: the cursor never moves
      const lowestOfFirstPage = Math.min(...[...sb.store.visibleGroupIds(F.demoUserId)].sort((a, b) => b - a).slice(0, 50));
      const cursors = log.map((e) => (e.params?.filter as Record<string, unknown> | undefined)?.['>ID']);
      expect(cursors).toEqual([0, ...Array.from({ length: 6 }, () => lowestOfFirstPage)]);
    } finally {
      await sb.close();
    }
  });
});
