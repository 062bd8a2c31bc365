/**
 * RedisLimiterStore against a real redis-server: the Lua scripts agree with their TypeScript twin (decideTurn, run by
 * MemoryLimiterStore) number for number on the same inputs with explicit clocks, replicas never overdraw a bucket
 * between them, and method blocks hold across replicas until they end.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BucketConfig, drain } from '../../src/bitrix24/leaky-bucket.js';
import { MemoryLimiterStore, TICKET_GRACE_MS } from '../../src/bitrix24/limiter-store.js';
import { RedisLimiterStore } from '../../src/bitrix24/redis-limiter-store.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

const PORTAL = 'https://example.bitrix24.com';

let server: RedisServer;
const clients: Redis[] = [];
function client(): Redis {
  const redis = new Redis(server.url, { lazyConnect: false });
  clients.push(redis);
  return redis;
}

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map((redis) => redis.quit()));
  await server.stop();
});

/** A small deterministic PRNG (mulberry32): the same walk on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the Lua turn decision and its TypeScript twin', () => {
  it.each([
    [{ burst: 3, perSecond: 2 }, 1],
    [{ burst: 18, perSecond: 4 }, 2],
    [{ burst: 45, perSecond: 2 }, 3],
    [{ burst: 1, perSecond: 0.25 }, 4],
    [{ burst: 5, perSecond: 2 / 3 }, 5],
  ])('agree on 400 random steps with %j (seed %i)', async (config: BucketConfig, seed) => {
    const redis = new RedisLimiterStore(client(), `twin-${seed}:`);
    const memory = new MemoryLimiterStore();
    const random = prng(seed);
    let now = 1_700_000_000_000 + seed;
    let next = 0;
    const waiting: { id: string; rankMs: number }[] = [];
    const steps: unknown[] = [];
    for (let step = 0; step < 400; step += 1) {
      now += Math.floor(random() * 3 * (1000 / config.perSecond));
      const roll = random();
      if (roll < 0.05) {
        await redis.markExhausted(PORTAL, now, config);
        memory.markExhausted(PORTAL, now, config);
      } else if (roll < 0.12 && waiting.length > 0) {
        const [gone] = waiting.splice(Math.floor(random() * waiting.length), 1);
        await redis.withdraw(PORTAL, gone!.id);
        memory.withdraw(PORTAL, gone!.id);
      } else {
        const reuse = waiting.length > 0 && random() < 0.5;
        const ticket = reuse
          ? waiting[Math.floor(random() * waiting.length)]!
          : { id: `t:${String((next += 1)).padStart(8, '0')}`, rankMs: now + (random() < 0.5 ? 0 : 5_000) };
        const fromRedis = await redis.takeTurn(PORTAL, ticket, now, config);
        const fromMemory = memory.takeTurn(PORTAL, ticket, now, config);
        steps.push([step, fromRedis, fromMemory]);
        expect(fromRedis, `step ${step}`).toEqual(fromMemory);
        const index = waiting.indexOf(ticket);
        if (fromRedis.granted && index >= 0) waiting.splice(index, 1);
        if (!fromRedis.granted && index < 0) waiting.push(ticket);
      }
      const stored = await redis.bucket(PORTAL);
      const sharedLevel = stored === undefined ? 0 : drain(stored, now, config).level;
      expect(sharedLevel, `level after step ${step}`).toBeCloseTo(memory.levels(now, config).get(PORTAL) ?? 0, 9);
    }
    // The walk exercised both answers, not just one.
    const answers = steps.map((entry) => (entry as [number, { granted: boolean }])[1].granted);
    expect(answers).toContain(true);
    expect(answers).toContain(false);
  });

  it('drops a ticket whose owner stopped asking once its grace period ends', async () => {
    const redis = new RedisLimiterStore(client(), 'lease:');
    const config = { burst: 1, perSecond: 1 };
    const t0 = 1_000_000;
    expect(await redis.takeTurn(PORTAL, { id: 'a', rankMs: t0 }, t0, config)).toEqual({ granted: true, waitMs: 0 });
    // b waits (a replica that then crashes); c queues behind it.
    expect(await redis.takeTurn(PORTAL, { id: 'b', rankMs: t0 }, t0, config)).toEqual({ granted: false, waitMs: 1000 });
    expect(await redis.takeTurn(PORTAL, { id: 'c', rankMs: t0 + 1 }, t0 + 1, config)).toEqual({ granted: false, waitMs: 1999 });
    // At 2000 the bucket has room for one, but b (its owner gone) still holds first place: c waits ...
    expect(await redis.takeTurn(PORTAL, { id: 'c', rankMs: t0 + 1 }, t0 + 2000, config)).toEqual({ granted: false, waitMs: 1000 });
    // ... only until b's lease (told to come back at 1000, plus the grace period) has passed.
    expect(await redis.takeTurn(PORTAL, { id: 'c', rankMs: t0 + 1 }, t0 + 1000 + TICKET_GRACE_MS + 1, config)).toEqual({ granted: true, waitMs: 0 });
  });
});

describe('replicas on one Redis', () => {
  it('never grant more than the burst between them, whatever the interleaving', async () => {
    const replicas = [new RedisLimiterStore(client(), 'race:'), new RedisLimiterStore(client(), 'race:'), new RedisLimiterStore(client(), 'race:')];
    const config = { burst: 10, perSecond: 1 };
    const now = 5_000_000;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        replicas[index % 3]!.takeTurn(PORTAL, { id: `r${index % 3}:${String(index).padStart(4, '0')}`, rankMs: now }, now, config),
      ),
    );
    expect(answers.filter((answer) => answer.granted)).toHaveLength(10);
    expect((await replicas[0]!.bucket(PORTAL))?.level).toBe(10);
  });

  it('keep separate budgets under separate key prefixes', async () => {
    const config = { burst: 1, perSecond: 1 };
    const staging = new RedisLimiterStore(client(), 'staging:');
    const production = new RedisLimiterStore(client(), 'production:');
    expect((await staging.takeTurn(PORTAL, { id: 'a', rankMs: 0 }, 0, config)).granted).toBe(true);
    expect((await production.takeTurn(PORTAL, { id: 'a', rankMs: 0 }, 0, config)).granted).toBe(true);
    expect(await client().keys('staging:*')).toEqual(expect.arrayContaining([`staging:{${PORTAL}}:bucket`]));
  });

  it('share method blocks: a block one replica records holds on the others until it ends, the later block wins', async () => {
    const a = new RedisLimiterStore(client(), 'blocks:');
    const b = new RedisLimiterStore(client(), 'blocks:');
    const now = Date.now();
    await a.blockMethod(PORTAL, 'sonet_group.get', now + 400);
    await a.blockMethod(PORTAL, 'sonet_group.get', now + 100); // an earlier end never shortens a block
    expect(await b.methodBlockedUntil(PORTAL, 'sonet_group.get', now)).toBe(now + 400);
    expect(await b.methodBlockedUntil(PORTAL, 'user.get', now)).toBeUndefined();
    expect(await b.methodBlockedUntil(PORTAL, 'sonet_group.get', now + 400)).toBeUndefined();
    // The key expires with the block (PEXPIREAT): nothing is left behind.
    const ttl = await client().pttl(`blocks:{${PORTAL}}:block:sonet_group.get`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400);
  });
});
