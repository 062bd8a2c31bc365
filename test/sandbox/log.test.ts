import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, raw, start } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ rateLimit: { burst: 100, perSecond: 1 } });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

describe('request log', () => {
  it('records every /rest/ request once, with status, error, user, params (no auth), batch methods', async () => {
    await call(sb, 'sonet_group.get', { FILTER: { ID: 1 } });
    await call(sb, 'user.current', {}, null);
    await call(sb, 'nope.nope', {});
    await call(sb, 'sonet_group.user.get', { ID: 0 });
    await raw(sb, '/rest/user.current.json?access_token=demo-user-2', { method: 'GET' });
    await call(sb, 'batch', { cmd: { a: 'user.current', b: 'SONET_GROUP.GET?x=1', c: 7 } }, DEMO_TOKENS.admin);
    await raw(sb, '/sandbox/log'); // control endpoints are not logged
    const log = sb.requestLog();
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.map((e) => [e.method, e.status, e.error])).toEqual([
      ['sonet_group.get', 200, undefined],
      ['user.current', 401, 'NO_AUTH_FOUND'],
      ['nope.nope', 404, 'ERROR_METHOD_NOT_FOUND'],
      ['sonet_group.user.get', 400, ''],
      ['user.current', 200, undefined],
      ['batch', 200, undefined],
    ]);
    expect(log[0]).toMatchObject({ httpMethod: 'POST', user: SEED_FACTS.demoUserId, params: { FILTER: { ID: 1 } } });
    expect(log[0]?.tokenHash).toMatch(/^[0-9a-f]{12}$/);
    expect(log[1]?.user).toBeUndefined();
    expect(log[4]).toMatchObject({ httpMethod: 'GET', user: SEED_FACTS.demoUser2Id, params: {} });
    expect(log[5]).toMatchObject({ batchMethods: ['user.current', 'sonet_group.get'], batchSize: 3 });
    expect(log[5]?.params).toBeUndefined();
    expect(new Date(log[0]?.at ?? '').toISOString()).toBe(log[0]?.at);
  });

  it('never stores a token in clear', async () => {
    const tokens = Object.values(DEMO_TOKENS);
    for (const t of tokens) await call(sb, 'user.current', {}, t);
    await raw(sb, '/rest/user.current', { headers: { authorization: 'Bearer demo-user' } });
    await call(sb, 'batch', { cmd: ['user.current?auth=demo-user-2'] });
    const text = JSON.stringify(sb.requestLog()) + (await raw(sb, '/sandbox/log')).text;
    for (const t of tokens) expect(text).not.toContain(t);
    expect(new Set(sb.requestLog().map((e) => e.tokenHash)).size).toBe(tokens.length);
  });

  it('GET /sandbox/log mirrors requestLog(); clearLog restarts seq', async () => {
    await call(sb, 'user.current');
    const r = await raw(sb, '/sandbox/log');
    expect(r.body).toEqual(sb.requestLog());
    sb.clearLog();
    await call(sb, 'user.current');
    expect(sb.requestLog().map((e) => e.seq)).toEqual([1]);
  });
});
