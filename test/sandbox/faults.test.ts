import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HTML_ERROR_PAGE } from '../../src/sandbox/server.js';
import { SEED_FACTS, type Sandbox } from '../../src/sandbox/index.js';
import { call, raw, start } from './helpers.js';

let sb: Sandbox;
const sleeps: number[] = [];
beforeAll(async () => {
  sb = await start({ sleep: async (ms) => void sleeps.push(ms) });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.reset();
  sleeps.length = 0;
});

const statusesOf = async (n: number, method = 'user.current'): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(sb, method)).status);
  return out;
};

describe('one-shot faults', () => {
  it('server_error: 500 INTERNAL_SERVER_ERROR, count consumed in order, logged', async () => {
    sb.faults.enqueue({ kind: 'server_error', count: 2 });
    const r = await call(sb, 'user.current');
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    expect(await statusesOf(2)).toEqual([500, 200]);
    expect(sb.requestLog().map((e) => e.fault)).toEqual(['server_error', 'server_error', undefined]);
    expect(sb.faults.state().queued).toEqual([]);
  });

  it('html: 502 text/html page', async () => {
    sb.faults.enqueue({ kind: 'html' });
    const r = await call(sb, 'user.current');
    expect(r.status).toBe(502);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.text).toBe(HTML_ERROR_PAGE);
  });

  it('truncated: 200 with half of the real JSON; empty: 200 with no body', async () => {
    sb.faults.enqueue({ kind: 'truncated' }, { kind: 'empty' });
    const t = await call(sb, 'user.current');
    expect(t.status).toBe(200);
    expect(t.text.startsWith('{"result":{"ID":')).toBe(true);
    expect(() => JSON.parse(t.text)).toThrow();
    const e = await call(sb, 'user.current');
    expect(e.status).toBe(200);
    expect(e.text).toBe('');
    expect(sb.requestLog().map((x) => [x.status, x.fault])).toEqual([[200, 'truncated'], [200, 'empty']]);
  });

  it('query_limit: 503 QUERY_LIMIT_EXCEEDED even with the bucket off', async () => {
    sb.faults.enqueue({ kind: 'query_limit' });
    const r = await call(sb, 'user.current');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
  });

  it('reset: the socket is destroyed without an answer; logged with status 0', async () => {
    sb.faults.enqueue({ kind: 'reset' });
    await expect(call(sb, 'user.current')).rejects.toThrow();
    expect(sb.requestLog()).toMatchObject([{ status: 0, fault: 'reset', method: 'user.current' }]);
    expect((await call(sb, 'user.current')).status).toBe(200);
  });

  it('latency: waits the injected time (recorded, not slept) and answers normally', async () => {
    sb.faults.enqueue({ kind: 'latency', latencyMs: 1234 });
    expect((await call(sb, 'user.current')).status).toBe(200);
    expect(sleeps).toEqual([1234]);
    expect(sb.requestLog()[0]?.fault).toBe('latency');
  });

  it('method filter: only requests to that outer method consume the fault', async () => {
    sb.faults.enqueue({ kind: 'server_error', method: 'batch' });
    expect((await call(sb, 'user.current')).status).toBe(200);
    const r = await call(sb, 'batch', { cmd: ['user.current'] });
    expect(r.status).toBe(500);
    expect((await call(sb, 'batch', { cmd: ['user.current'] })).status).toBe(200);
  });
});

describe('hang', () => {
  it('never answers; close() ends the hung socket', async () => {
    const own = await start();
    own.faults.enqueue({ kind: 'hang' });
    const pending = request(`${own.url}/rest/user.current?auth=demo-user`).then(
      () => 'answered',
      () => 'failed',
    );
    while (own.requestLog().length === 0) await new Promise((r) => setImmediate(r));
    expect(own.requestLog()[0]).toMatchObject({ status: 0, fault: 'hang' });
    await own.close();
    expect(await pending).toBe('failed');
  });
});

describe('rates', () => {
  it('serverErrorRate 1 hits every request, restricted to methods; 0 none', async () => {
    sb.faults.set({ serverErrorRate: 1, methods: ['user.get'] });
    expect(await statusesOf(2, 'user.current')).toEqual([200, 200]);
    expect(await statusesOf(2, 'user.get')).toEqual([500, 500]);
    sb.faults.set({ serverErrorRate: 0 });
    expect(await statusesOf(2, 'user.get')).toEqual([200, 200]);
  });

  it('seeded rates are reproducible and roughly proportional', async () => {
    const run = async (): Promise<number[]> => {
      sb.faults.set({ serverErrorRate: 0.5, seed: 42 });
      return statusesOf(40);
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const errors = a.filter((s) => s === 500).length;
    expect(errors).toBeGreaterThan(8);
    expect(errors).toBeLessThan(32);
  });

  it('malformedRate uses malformedKind; resetRate and queryLimitRate', async () => {
    sb.faults.set({ malformedRate: 1, malformedKind: 'empty' });
    expect((await call(sb, 'user.current')).text).toBe('');
    sb.faults.set({ queryLimitRate: 1 });
    expect((await call(sb, 'user.current')).status).toBe(503);
    sb.faults.set({ resetRate: 1 });
    await expect(call(sb, 'user.current')).rejects.toThrow();
  });

  it('latencyMs + seeded jitter are passed to sleep', async () => {
    sb.faults.set({ latencyMs: 100, latencyJitterMs: 50, seed: 7 });
    await statusesOf(5);
    expect(sleeps).toHaveLength(5);
    for (const ms of sleeps) {
      expect(ms).toBeGreaterThanOrEqual(100);
      expect(ms).toBeLessThanOrEqual(150);
    }
    const first = [...sleeps];
    sleeps.length = 0;
    sb.faults.set({ latencyMs: 100, latencyJitterMs: 50, seed: 7 });
    await statusesOf(5);
    expect(sleeps).toEqual(first);
  });

  it('rejects invalid specs', () => {
    expect(() => sb.faults.set({ serverErrorRate: 2 })).toThrow(/serverErrorRate/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => sb.faults.enqueue({ kind: 'boom' as any })).toThrow(/unknown fault kind/);
  });
});

describe('sub-call faults', () => {
  it('item-level inside a batch for matching params; an error envelope for a plain call', async () => {
    sb.faults.failSubCall({ method: 'sonet_group.user.get', paramEquals: { ID: '2' }, error: 'ERROR_CORE', errorDescription: 'SQL query error!' });
    const r = await call(sb, 'batch', { cmd: { a: 'sonet_group.user.get?ID=1', b: 'sonet_group.user.get?ID=2' } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.result.result)).toEqual(['a']);
    expect(r.body.result.result_error).toEqual({ b: { error: 'ERROR_CORE', error_description: 'SQL query error!' } });
    const plain = await call(sb, 'sonet_group.user.get', { ID: 2 });
    expect(plain.status).toBe(500);
    expect(plain.body).toEqual({ error: 'ERROR_CORE', error_description: 'SQL query error!' });
    expect((await call(sb, 'sonet_group.user.get', { ID: 1 })).status).toBe(200);
    sb.faults.failSubCall({ method: 'user.current', error: 'X', errorDescription: 'y', status: 418 });
    expect((await call(sb, 'user.current')).status).toBe(418);
  });
});

describe('sub-call answers (result): the method does not run, the portal answers as given', () => {
  const G = SEED_FACTS.groupWithRequestsModeratedByDemoUser;
  const U = SEED_FACTS.pendingRequestUserIds[0]!;
  const accept = (relationId: number) => ({ relationId, groupId: G });

  it.each([false, true])('acceptRequest answers {"result": %s} and the pending request stays pending, alone and inside a batch', async (result) => {
    const relationId = sb.store.relationRecord(G, U)!.id;
    sb.faults.failSubCall({ method: 'socialnetwork.api.usertogroup.acceptRequest', paramEquals: { relationId: String(relationId) }, result });
    const plain = await call(sb, 'socialnetwork.api.usertogroup.acceptRequest', accept(relationId));
    expect(plain.status).toBe(200);
    expect(plain.body.result).toBe(result);
    expect(plain.body.time).toEqual(expect.objectContaining({ operating: expect.any(Number) }));
    const batch = await call(sb, 'batch', { cmd: { a: `socialnetwork.api.usertogroup.acceptRequest?relationId=${relationId}&groupId=${G}` } });
    expect(batch.body.result.result).toEqual({ a: result });
    expect(batch.body.result.result_error).toEqual([]);
    expect(sb.store.relationRecord(G, U)).toMatchObject({ id: relationId, role: 'Z', initiatedByType: 'U' });
  });

  it('only matching params are answered; other calls run (and write) as usual', async () => {
    const relationId = sb.store.relationRecord(G, U)!.id;
    sb.faults.failSubCall({ method: 'socialnetwork.api.usertogroup.acceptRequest', paramEquals: { relationId: String(relationId + 100_000) }, result: false });
    const real = await call(sb, 'socialnetwork.api.usertogroup.acceptRequest', accept(relationId));
    expect(real.body.result).toBe(true);
    expect(sb.store.relationRecord(G, U)?.role).toBe('K');
  });

  it('refuses a fault with both or neither of error and result, or none at all', () => {
    expect(() => sb.faults.failSubCall({ method: 'user.get', error: 'E', errorDescription: 'd', result: true })).toThrow('exactly one of error and result');
    expect(() => sb.faults.failSubCall({ method: 'user.get' })).toThrow('exactly one of error and result');
    expect(() => sb.faults.failSubCall(null as never)).toThrow('needs method');
    expect(sb.faults.state().subCalls).toEqual([]);
  });
});

describe('control endpoint /sandbox/faults', () => {
  it('POST sets spec, queue and sub-calls; GET shows state; DELETE clears', async () => {
    const post = await raw(sb, '/sandbox/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        spec: { latencyMs: 5 },
        enqueue: [{ kind: 'server_error' }],
        subCalls: [{ method: 'user.get', error: 'E', errorDescription: 'd' }],
      }),
    });
    expect(post.status).toBe(200);
    expect(post.body.spec).toEqual({ latencyMs: 5 });
    expect(post.body.queued).toEqual([{ kind: 'server_error', count: 1 }]);
    expect((await raw(sb, '/sandbox/faults')).body.subCalls).toHaveLength(1);
    expect((await call(sb, 'user.current')).status).toBe(500);
    expect(sleeps).toEqual([5]);
    expect((await call(sb, 'user.get')).body.error).toBe('E');
    const del = await raw(sb, '/sandbox/faults', { method: 'DELETE' });
    expect(del.body).toEqual({ spec: {}, queued: [], subCalls: [] });
    expect((await call(sb, 'user.get')).status).toBe(200);
    const answered = await raw(sb, '/sandbox/faults', { method: 'POST', body: JSON.stringify({ subCalls: [{ method: 'sonet_group.delete', result: false }] }) });
    expect(answered.body.subCalls).toEqual([{ method: 'sonet_group.delete', result: false }]);
    const bad = await raw(sb, '/sandbox/faults', { method: 'POST', body: '{"spec":{"resetRate":7}}' });
    expect(bad.status).toBe(400);
  });
});
