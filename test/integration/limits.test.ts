/**
 * Living inside Bitrix24's limits, over real sockets: the gateway's leaky bucket keeps a burst of callers under the
 * portal's bucket, retries absorb QUERY_LIMIT_EXCEEDED, and upstream faults end as clean errors. Counts and order are
 * asserted, never durations.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('traffic shaping: 300 operations from 20 callers against a small bucket', () => {
  // Scale-free: the same arithmetic as Bitrix24's 50/2, fast enough for a test. `npm run bench:load` runs 50/2.
  const RATE = { burst: 20, perSecond: 100 };
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sandbox: { rateLimit: RATE },
      env: { BITRIX24_RATE_LIMIT: `${RATE.burst}/${RATE.perSecond}` },
    });
  });
  afterAll(() => h.close());

  it('every operation succeeds and the portal never answers QUERY_LIMIT_EXCEEDED', { timeout: 120_000 }, async () => {
    const activeUsers = h.sandbox.store.users().filter((user) => user.active && user.id > 4).slice(0, 20);
    const callers = activeUsers.map((user) => {
      const token = `load-caller-${user.id}`;
      h.sandbox.store.addToken(token, user.id);
      return token;
    });
    expect(callers).toHaveLength(20);
    const operations = Array.from({ length: 300 }, (_, index) =>
      h.gql<{ group: { id: string } | null }>(`{ group(id: "${(index % 80) + 1}") { id name } }`, {}, callers[index % callers.length]),
    );
    const responses = await Promise.all(operations);
    expect(responses.filter((response) => response.status !== 200 || response.body.errors)).toEqual([]);
    const log = h.upstreamRequests();
    expect(log).toHaveLength(300);
    expect(log.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(log.filter((entry) => entry.error === 'QUERY_LIMIT_EXCEEDED')).toHaveLength(0);
    // Every caller was served as itself.
    expect(new Set(log.map((entry) => entry.user)).size).toBe(20);
  });
});

describe('traffic shaping: first come, first served', () => {
  let h: Harness;
  let sent = 0;
  beforeAll(async () => {
    // Burst 1 and 5 per second: once the burst is spent, every request waits its 200 ms turn in the queue.
    h = await startHarness({ env: { BITRIX24_RATE_LIMIT: '1/5' }, gateway: { client: { limiter: { onWait: () => (sent += 1) } } } });
  });
  afterAll(() => h.close());

  it('sends queued requests upstream in the order they arrived, whoever sent them', async () => {
    const limiter = h.gateway.client.limiter;
    const tokens = ['demo-user', 'demo-user-2', 'demo-admin'];
    const ids = [3, 40, 7, 25, 1, 33, 18];
    await h.gql('{ group(id: "12") { id } }'); // spends the burst
    const responses: Array<Promise<unknown>> = [];
    for (const [index, id] of ids.entries()) {
      responses.push(h.gql(`{ group(id: "${id}") { id } }`, {}, tokens[index % tokens.length]));
      // Wait until this one is in the limiter (queued, or already let through) before the next arrives, so the
      // arrival order is known.
      const admitted = () => limiter.queueLength() + sent;
      for (let spins = 0; admitted() < index + 2 && spins < 1_000; spins += 1) await sleep(1);
      expect(admitted()).toBe(index + 2);
    }
    await Promise.all(responses);
    expect(h.upstreamRequests().map((entry) => (entry.params as { FILTER: { ID: number[] } }).FILTER.ID[0])).toEqual([12, ...ids]);
  });
});

describe('traffic shaping: a bounded wait', () => {
  let h: Harness;
  beforeAll(async () => {
    // One request per 10 s after a burst of 1, and callers wait at most 200 ms for their turn.
    h = await startHarness({ env: { BITRIX24_RATE_LIMIT: '1/0.1', BITRIX24_RATE_LIMIT_MAX_WAIT_MS: '200' } });
  });
  afterAll(() => h.close());

  it('refuses at once with RATE_LIMITED and a retry-after hint instead of queueing past the bound', async () => {
    expect((await h.gql('{ group(id: "2") { id } }')).body).toEqual({ data: { group: { id: '2' } } });
    const refused = await h.gql('{ group(id: "3") { id } }');
    expect(refused.body.data).toEqual({ group: null });
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(9);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(h.upstreamRequests()).toHaveLength(1);
    expect(h.gateway.client.limiter.queueLength()).toBe(0);
  });
});

describe('an operating-time block (429 OPERATION_TIME_LIMIT)', () => {
  let h: Harness;
  // A fresh gateway and portal per test: a block lasts minutes.
  beforeEach(async () => {
    // Each sonet_group.get costs 100 ms of operating time; past 150 ms the portal refuses the method.
    h = await startHarness({ sandbox: { operatingLimit: { limitMs: 150, costMsPerCall: 100 } }, env: { BITRIX24_RATE_LIMIT_MAX_WAIT_MS: '500' } });
  });
  afterEach(() => h.close());

  it('holds the method until the operating_reset_at of the portal\'s last successful answer, not a default minute', async () => {
    // Another client of the same app spends the first 100 ms and reads the reset time the portal reports.
    const direct = await request(`${h.config.portalUrl.origin}/rest/sonet_group.get.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: 'demo-user', FILTER: { ID: 2 } }),
    });
    const resetAt = ((await direct.body.json()) as { time: { operating_reset_at: number } }).time.operating_reset_at;
    // The gateway's call succeeds (200 ms spent) and learns the same reset time from its answer...
    expect((await h.gql('{ group(id: "3") { id } }')).body).toEqual({ data: { group: { id: '3' } } });
    // ...the next one is refused upstream (429), and the method is held until that reset time.
    const refused = await h.gql('{ group(id: "4") { id } }');
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    const held = await h.gql('{ group(id: "5") { id } }');
    const retryAfter = held.body.errors?.[0]?.extensions?.retryAfter as number;
    const secondsLeft = resetAt - Date.now() / 1000;
    // The portal's window is 10 minutes of one-minute buckets: the reset lies 9-10 minutes ahead, far from 60 s.
    expect(secondsLeft).toBeGreaterThan(60);
    expect(Math.abs(retryAfter - secondsLeft)).toBeLessThanOrEqual(2);
    // Refused upstream once; the held call never left.
    expect(h.upstreamRequests().map((entry) => entry.error ?? entry.status)).toEqual([200, 200, 'OPERATION_TIME_LIMIT']);
  });

  it('learns the reset time from a batch command\'s result_time too, and holds the method when the 429 comes item-level', async () => {
    // Each operation is one batch: sonet_group.get beside user.get. The second spends the method's budget...
    const both = (id: number) => h.gql(`{ group(id: "${id}") { id } user(id: "1") { id } }`);
    expect((await both(2)).body.errors).toBeUndefined();
    expect((await both(3)).body.errors).toBeUndefined();
    // ...the third has sonet_group.get refused inside the batch (user.get still answers)...
    const third = await both(4);
    expect(third.body.errors?.[0]?.path).toEqual(['group']);
    expect(h.upstreamRequests().map((entry) => entry.method)).toEqual(['batch', 'batch', 'batch']);
    // ...and the method is held locally until the reset time the earlier commands reported, 9-10 minutes ahead.
    const held = await h.gql('{ group(id: "5") { id } }');
    expect(held.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(held.body.errors?.[0]?.extensions?.retryAfter as number).toBeGreaterThan(500);
    expect(h.upstreamRequests()).toHaveLength(3);
  });
});

describe('retries and faults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { BITRIX24_TIMEOUT_MS: '300' },
      gateway: { client: { retry: { baseDelayMs: 2, maxDelayMs: 5 } } },
    });
  });
  afterAll(() => h.close());
  afterEach(() => h.reset());

  it('absorbs forced QUERY_LIMIT_EXCEEDED answers on reads: the caller sees no error', async () => {
    h.sandbox.faults.enqueue({ kind: 'query_limit', count: 2 });
    const response = await h.gql('{ group(id: "2") { id } }');
    expect(response.body).toEqual({ data: { group: { id: '2' } } });
    expect(h.upstreamRequests().map((entry) => [entry.status, entry.error ?? null])).toEqual([
      [503, 'QUERY_LIMIT_EXCEEDED'],
      [503, 'QUERY_LIMIT_EXCEEDED'],
      [200, null],
    ]);
  });

  it('retries QUERY_LIMIT_EXCEEDED even for the write: upstream refused it before running it', async () => {
    // The write travels in the second batch (with its re-read): the checks batch passes, the write batch is refused once.
    h.sandbox.faults.enqueue({ kind: 'latency', latencyMs: 0, method: 'batch' }, { kind: 'query_limit', count: 1, method: 'batch' });
    const response = await h.gql(`mutation { requestGroupMembership(groupId: "${SEED_FACTS.closedGroupWithoutDemoUser}") { __typename ... on RequestGroupMembershipSuccess { status } } }`);
    expect(response.body).toEqual({ data: { requestGroupMembership: { __typename: 'RequestGroupMembershipSuccess', status: 'REQUESTED' } } });
    const writeBatches = h.upstreamRequests().filter((entry) => entry.batchMethods?.includes('sonet_group.user.request'));
    expect(writeBatches.map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('gives RATE_LIMITED with a retry-after hint when the portal keeps refusing', async () => {
    h.sandbox.faults.set({ queryLimitRate: 1 });
    const response = await h.gql('{ group(id: "2") { id } }');
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(h.upstreamRequests()).toHaveLength(4);
  });

  it.each([
    ['5xx', { serverErrorRate: 1 }, 'UPSTREAM_ERROR_STATUS'],
    ['connection resets', { resetRate: 1 }, 'NETWORK'],
    ['truncated JSON', { malformedRate: 1, malformedKind: 'truncated' as const }, 'PROTOCOL'],
    ['empty bodies', { malformedRate: 1, malformedKind: 'empty' as const }, 'PROTOCOL'],
    ['HTML pages', { malformedRate: 1, malformedKind: 'html' as const }, 'PROTOCOL'],
    ['latency beyond the deadline', { latencyMs: 500 }, 'TIMEOUT'],
  ])('%s: a clean UPSTREAM_UNAVAILABLE after the read retries', async (_label, spec, reason) => {
    h.sandbox.faults.set(spec);
    const response = await h.gql('{ group(id: "2") { id name } }');
    expect(response.body).toEqual({
      data: { group: null },
      errors: [
        {
          message: 'The Bitrix24 portal is unavailable or answered something unexpected; retry later.',
          path: ['group'],
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'UPSTREAM_UNAVAILABLE', reason },
        },
      ],
    });
    // The sandbox logs a request when it answers: a slow answer lands after the gateway gave up on it.
    for (let spins = 0; h.upstreamRequests().length < 4 && spins < 200; spins += 1) await sleep(10);
    expect(h.upstreamRequests()).toHaveLength(4);
  });

  it('stays up with no unhandled rejection and memory back to baseline after 200 failing operations', { timeout: 120_000 }, async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    h.sandbox.faults.set({ serverErrorRate: 0.5, resetRate: 0.25, malformedRate: 0.25, malformedKind: 'truncated', seed: 7 });
    const warmup = await Promise.all(Array.from({ length: 20 }, () => h.gql('{ groups(first: 10) { nodes { id owner { name } } } }')));
    expect(warmup).toHaveLength(20);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(Array.from({ length: 20 }, () => h.gql('{ groups(first: 10) { nodes { id owner { name } } } }')));
    }
    h.sandbox.faults.clear();
    gc();
    const after = process.memoryUsage().heapUsed;
    expect(after - baseline).toBeLessThan(8 * 1024 * 1024);
    const healthy = await h.gql('{ group(id: "2") { id } }');
    expect(healthy.body).toEqual({ data: { group: { id: '2' } } });
    expect(unhandled).toEqual([]);
  });
});

/** A GraphQL request whose client can hang up: the promise settles with the response or the abort error. */
function abortableQuery(url: string, query: string) {
  const controller = new AbortController();
  const pending = request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-user' },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  }).catch((error: unknown) => error);
  return { controller, pending };
}

describe('a client that goes away', () => {
  let h: Harness;
  beforeAll(async () => {
    // One request per 4 seconds after a burst of 1: the second operation is sure to wait in the queue.
    h = await startHarness({ env: { BITRIX24_RATE_LIMIT: '1/0.25' } });
  });
  afterAll(() => h.close());

  it('drops its queued upstream calls', async () => {
    await h.gql('{ group(id: "2") { id } }');
    expect(h.upstreamRequests()).toHaveLength(1);
    const { controller, pending } = abortableQuery(h.url, '{ group(id: "3") { id } }');
    const limiter = h.gateway.client.limiter;
    for (let spins = 0; limiter.queueLength() === 0 && spins < 500; spins += 1) await sleep(2);
    expect(limiter.queueLength()).toBe(1);
    controller.abort();
    await pending;
    for (let spins = 0; limiter.queueLength() > 0 && spins < 500; spins += 1) await sleep(2);
    expect(limiter.queueLength()).toBe(0);
    expect(h.upstreamRequests()).toHaveLength(1);
  });
});

describe('a client that goes away mid-request', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('cancels the upstream call and never retries it', async () => {
    h.sandbox.faults.enqueue({ kind: 'latency', latencyMs: 300 });
    const { controller, pending } = abortableQuery(h.url, '{ group(id: "3") { id } }');
    for (let spins = 0; h.sandbox.faults.state().queued.length > 0 && spins < 500; spins += 1) await sleep(2);
    controller.abort();
    await pending;
    const metric = async (name: string) => (await h.gateway.metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
    for (let spins = 0; spins < 500; spins += 1) {
      if ((await metric('bitrix24_upstream_requests_total')).length > 0) break;
      await sleep(2);
    }
    expect((await metric('bitrix24_upstream_requests_total')).map((value) => [value.labels, value.value])).toEqual([
      [{ method: 'sonet_group.get', outcome: 'aborted' }, 1],
    ]);
    expect(await metric('bitrix24_upstream_retries_total')).toEqual([]);
  });
});
