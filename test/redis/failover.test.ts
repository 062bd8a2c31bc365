/**
 * The failover store against a real redis-server that dies, comes back, and stalls: callers always get an answer,
 * from this replica's share of the budget while Redis is away, and the replica returns to the shared bucket (handing
 * over what it sent meanwhile) once Redis answers again. Said once per change, not once per request.
 */
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimiterStoreStatus } from '../../src/bitrix24/limiter-store.js';
import { createSharedLimiterStore, type FailoverLimiterStore, redisOptionsFor } from '../../src/bitrix24/redis-failover-store.js';
import { RedisLimiterStore } from '../../src/bitrix24/redis-limiter-store.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

const PORTAL = 'https://example.bitrix24.com';
/** Drains slowly, so what the replica sent on its own is still in the bucket when it hands it over. */
const CONFIG = { burst: 6, perSecond: 0.3 };

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer((port) => ['--port', String(port), '--enable-debug-command', 'yes']);
});
afterAll(async () => {
  await server.stop();
});

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('FailoverLimiterStore', () => {
  let store: FailoverLimiterStore;
  const changes: [LimiterStoreStatus['store'], string | undefined][] = [];
  let ticket = 0;
  const take = (nowMs = Date.now()) =>
    store.takeTurn(PORTAL, { id: `t:${String((ticket += 1)).padStart(6, '0')}`, rankMs: nowMs }, nowMs, CONFIG);

  beforeAll(() => {
    store = createSharedLimiterStore({
      url: server.url,
      keyPrefix: 'failover:',
      replicas: 3,
      deadlineMs: 200,
      probeIntervalMs: 100,
      settleMs: 500,
      hooks: { onStoreChange: (status, reason) => changes.push([status.store, reason]) },
    });
  });
  afterAll(() => store.close());

  it('decides on Redis while it answers', async () => {
    expect(await take()).toEqual({ granted: true, waitMs: 0 });
    expect(store.status().store).toBe('redis');
    const inspector = new Redis(server.url);
    const shared = await new RedisLimiterStore(inspector, 'failover:').bucket(PORTAL);
    await inspector.quit();
    expect(shared?.level).toBeCloseTo(1, 1);
  });

  it('falls back to 1/replicas of the budget when Redis dies, and says so once', async () => {
    await server.kill();
    const now = Date.now();
    // The share of 6/0.3 for 3 replicas is 2/0.1, and it starts full (the shared bucket may have been): the first
    // request waits one drain step of the share (10 s), the next one two.
    const answers = [await take(now), await take(now)];
    expect(answers).toEqual([
      { granted: false, waitMs: 10_000 },
      { granted: false, waitMs: 20_000 },
    ]);
    // Ten seconds on, the first one goes.
    const first = await store.takeTurn(PORTAL, { id: 't:000002', rankMs: now }, now + 10_000, CONFIG);
    expect(first).toEqual({ granted: true, waitMs: 0 });
    expect(store.status()).toEqual({ store: 'fallback', detail: expect.stringContaining('local share 1/3 of the budget (2/0.1)') });
    expect(changes.map(([kind]) => kind)).toEqual(['redis', 'fallback']);
    expect(changes[1]?.[1]).toMatch(/Redis/);
  });

  it('returns to Redis when it is back, handing over what it sent meanwhile', async () => {
    await server.restart();
    await until(() => store.status().store === 'redis', 'the store to return to Redis');
    expect(changes.map(([kind]) => kind)).toEqual(['redis', 'fallback', 'redis']);
    const inspector = new Redis(server.url);
    const shared = await new RedisLimiterStore(inspector, 'failover:').bucket(PORTAL);
    await inspector.quit();
    // The restarted Redis was empty; the local bucket (full, 2, plus the request of ten seconds on, minus its drain)
    // is now in the shared one.
    expect(shared?.level).toBeGreaterThan(1.5);
    expect(shared?.level).toBeLessThanOrEqual(2);
    // Settling: still the share's burst (2, nearly spent), now counted in the shared bucket ...
    expect(store.status().detail).toContain('keeping to 1/3 of the budget while the replicas return');
    expect((await take()).granted).toBe(false);
    // ... then the whole budget (6).
    await until(() => !store.status().detail.includes('keeping to'), 'the end of the settling period');
    expect((await take()).granted).toBe(true);
  });

  it('falls back when Redis is slower than the deadline, and returns when it answers again', async () => {
    const staller = new Redis(server.url);
    await staller.ping(); // connected first, so the stall starts when asked
    const stalled = staller.call('DEBUG', 'SLEEP', '1.5');
    await sleep(100);
    // Answered within the deadline by the local share, which starts full: one drain step of the share.
    expect(await take()).toEqual({ granted: false, waitMs: 10_000 });
    expect(store.status().detail).toContain('Redis did not answer within 200 ms');
    await stalled;
    await staller.quit();
    await until(() => store.status().store === 'redis', 'the store to return to Redis');
    expect(changes.map(([kind]) => kind)).toEqual(['redis', 'fallback', 'redis', 'fallback', 'redis']);
  });
});

describe('redisOptionsFor', () => {
  it('fails fast: no offline queue, no resend after a reconnect', () => {
    expect(redisOptionsFor('redis://127.0.0.1:6379')).toMatchObject({
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
    });
    expect(redisOptionsFor('redis://127.0.0.1:6379').tls).toBeUndefined();
  });

  it('turns TLS on for rediss:// and keeps extra TLS options', () => {
    expect(redisOptionsFor('rediss://redis.example.com:6380').tls).toEqual({});
    expect(redisOptionsFor('rediss://redis.example.com:6380', { tls: { ca: 'PEM' } }).tls).toEqual({ ca: 'PEM' });
  });

  it('refuses other schemes with a message that does not repeat the URL', () => {
    expect(() => redisOptionsFor('http://:secret@redis:6379')).toThrow('REDIS_URL must use redis:// or rediss:// (TLS); received "http://…"');
  });
});
