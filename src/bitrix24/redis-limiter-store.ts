/**
 * The limiter's state in Redis, shared by every replica serving a portal (docs/replicas.md).
 *
 * Keys per portal, under one hash tag so a Redis Cluster keeps them in one slot (Lua needs that):
 *   {prefix}{portal}:bucket        hash  level, at      the leaky bucket (level at `at`, ms)
 *   {prefix}{portal}:queue         zset  ticket -> rank the waiting requests, lowest rank first (queueRank)
 *   {prefix}{portal}:lease         zset  ticket -> ms   when a waiting ticket is dropped if its owner never asks again
 *   {prefix}{portal}:block:{method} string untilMs      an OPERATION_TIME_LIMIT block, expiring at untilMs (PEXPIREAT)
 *
 * Each decision is one script run, so it is atomic: two replicas never both take the last slot. TAKE_TURN is
 * decideTurn (leaky-bucket.ts) in Lua, number for number; test/redis compares them on the same inputs. Times are
 * the replicas' clocks (ms), passed in: replicas need synchronised clocks (NTP), and the bucket never drains
 * backwards when one lags.
 */
import type { Redis } from 'ioredis';
import type { BucketConfig } from './leaky-bucket.js';
import { type LimiterStore, type LimiterStoreStatus, type QueueTicket, TICKET_GRACE_MS, type TurnAnswer } from './limiter-store.js';

/** Formats numbers with all 17 significant digits: Lua's tostring keeps 14, and the twin in TS would drift. */
const LUA_PRELUDE = `
local function num(value) return string.format('%.17g', value) end
local function drained(bucket, now, per_second)
  local stored = redis.call('HMGET', bucket, 'level', 'at')
  local level = tonumber(stored[1]) or 0
  local at = tonumber(stored[2]) or now
  if now > at then
    level = math.max(0, level - (now - at) * per_second / 1000)
    at = now
  end
  return level, at
end
local function save(bucket, level, at, per_second)
  redis.call('HSET', bucket, 'level', num(level), 'at', num(at))
  -- Kept while it still holds something, plus a minute: an idle portal leaves nothing behind.
  redis.call('PEXPIRE', bucket, math.ceil(level * 1000 / per_second) + 60000)
end
`;

/**
 * KEYS: bucket, queue, lease. ARGV: ticket, rank, now, burst, perSecond, graceMs.
 * Returns { granted (1|0), waitMs }. Mirrors decideTurn; the position is the ticket's rank in the queue after
 * dropping tickets whose lease ended (their replicas went away).
 */
const TAKE_TURN = `${LUA_PRELUDE}
local ticket, rank, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local burst, per_second, grace = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. num(now))
for _, gone in ipairs(expired) do
  redis.call('ZREM', KEYS[2], gone)
  redis.call('ZREM', KEYS[3], gone)
end
if not redis.call('ZSCORE', KEYS[2], ticket) then redis.call('ZADD', KEYS[2], num(rank), ticket) end
local position = redis.call('ZRANK', KEYS[2], ticket)
local level, at = drained(KEYS[1], now, per_second)
local excess = level - (burst - position - 1)
if excess <= 1e-9 then
  save(KEYS[1], level + 1, at, per_second)
  redis.call('ZREM', KEYS[2], ticket)
  redis.call('ZREM', KEYS[3], ticket)
  return {1, 0}
end
save(KEYS[1], level, at, per_second)
local wait = math.max(1, math.ceil(excess * 1000 / per_second - 1e-6))
redis.call('ZADD', KEYS[3], num(now + wait + grace), ticket)
local keep = wait + grace + 60000
redis.call('PEXPIRE', KEYS[2], keep)
redis.call('PEXPIRE', KEYS[3], keep)
return {0, wait}
`;

/** KEYS: queue, lease. ARGV: ticket. */
const WITHDRAW = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

/** KEYS: bucket. ARGV: now, burst, perSecond. Mirrors exhausted(): full at max(now, at). */
const MARK_EXHAUSTED = `${LUA_PRELUDE}
local now, burst, per_second = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local _, at = drained(KEYS[1], now, per_second)
save(KEYS[1], burst, math.max(now, at), per_second)
return 1
`;

/**
 * KEYS: bucket. ARGV: now, level, burst, perSecond. A replica back from its local share adds what it sent meanwhile
 * (capped at the burst), so the replicas do not spend the portal's bucket twice when the shared store returns.
 */
const ABSORB = `${LUA_PRELUDE}
local now, extra, burst, per_second = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local level, at = drained(KEYS[1], now, per_second)
save(KEYS[1], math.min(burst, level + extra), at, per_second)
return 1
`;

/** KEYS: block. ARGV: untilMs. Keeps the later of two blocks; the key expires when the block ends. */
const BLOCK_METHOD = `
local until_ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if until_ms > current then
  redis.call('SET', KEYS[1], string.format('%.17g', until_ms))
  redis.call('PEXPIREAT', KEYS[1], math.ceil(until_ms))
end
return 1
`;

interface LimiterCommands {
  limiterTakeTurn(bucket: string, queue: string, lease: string, ...args: string[]): Promise<[number, number]>;
  limiterWithdraw(queue: string, lease: string, ticket: string): Promise<number>;
  limiterMarkExhausted(bucket: string, ...args: string[]): Promise<number>;
  limiterAbsorb(bucket: string, ...args: string[]): Promise<number>;
  limiterBlockMethod(block: string, untilMs: string): Promise<number>;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'bitrix24-gateway:';

/** Formats a number for a script argument without losing digits (String() keeps the shortest exact form). */
function arg(value: number): string {
  return String(value);
}

export class RedisLimiterStore implements LimiterStore {
  private readonly redis: Redis & LimiterCommands;

  /** `redis` is an ioredis client; the store defines its scripts on it (EVALSHA, loaded on first use). */
  constructor(
    redis: Redis,
    private readonly keyPrefix: string = DEFAULT_REDIS_KEY_PREFIX,
  ) {
    if (typeof keyPrefix !== 'string') {
      throw new Error(`RedisLimiterStore keyPrefix must be a string; received ${typeof keyPrefix}`);
    }
    const commands = redis as Redis & Partial<LimiterCommands>;
    if (commands.limiterTakeTurn === undefined) {
      redis.defineCommand('limiterTakeTurn', { numberOfKeys: 3, lua: TAKE_TURN });
      redis.defineCommand('limiterWithdraw', { numberOfKeys: 2, lua: WITHDRAW });
      redis.defineCommand('limiterMarkExhausted', { numberOfKeys: 1, lua: MARK_EXHAUSTED });
      redis.defineCommand('limiterAbsorb', { numberOfKeys: 1, lua: ABSORB });
      redis.defineCommand('limiterBlockMethod', { numberOfKeys: 1, lua: BLOCK_METHOD });
    }
    this.redis = redis as Redis & LimiterCommands;
  }

  /** The key of `portal`'s `part`; the braces make the portal the Cluster hash tag. */
  key(portal: string, part: string): string {
    return `${this.keyPrefix}{${portal}}:${part}`;
  }

  async takeTurn(portal: string, ticket: QueueTicket, nowMs: number, config: BucketConfig): Promise<TurnAnswer> {
    const [granted, waitMs] = await this.redis.limiterTakeTurn(
      this.key(portal, 'bucket'),
      this.key(portal, 'queue'),
      this.key(portal, 'lease'),
      ticket.id,
      arg(ticket.rankMs),
      arg(nowMs),
      arg(config.burst),
      arg(config.perSecond),
      arg(TICKET_GRACE_MS),
    );
    return { granted: granted === 1, waitMs: Number(waitMs) };
  }

  async withdraw(portal: string, ticketId: string): Promise<void> {
    await this.redis.limiterWithdraw(this.key(portal, 'queue'), this.key(portal, 'lease'), ticketId);
  }

  async markExhausted(portal: string, nowMs: number, config: BucketConfig): Promise<void> {
    await this.redis.limiterMarkExhausted(this.key(portal, 'bucket'), arg(nowMs), arg(config.burst), arg(config.perSecond));
  }

  /** Adds `level` requests to `portal`'s shared bucket (capped at the burst): see ABSORB. */
  async absorb(portal: string, nowMs: number, level: number, config: BucketConfig): Promise<void> {
    await this.redis.limiterAbsorb(this.key(portal, 'bucket'), arg(nowMs), arg(level), arg(config.burst), arg(config.perSecond));
  }

  async blockMethod(portal: string, method: string, untilMs: number): Promise<void> {
    if (!Number.isFinite(untilMs)) {
      throw new Error(`blockMethod untilMs must be a finite time in ms; received ${String(untilMs)}`);
    }
    await this.redis.limiterBlockMethod(this.key(portal, `block:${method}`), arg(untilMs));
  }

  async methodBlockedUntil(portal: string, method: string, nowMs: number): Promise<number | undefined> {
    const stored = await this.redis.get(this.key(portal, `block:${method}`));
    const until = stored === null ? Number.NaN : Number(stored);
    return Number.isFinite(until) && until > nowMs ? until : undefined;
  }

  /** The bucket as stored (tests and diagnostics). */
  async bucket(portal: string): Promise<{ level: number; updatedAtMs: number } | undefined> {
    const [level, at] = await this.redis.hmget(this.key(portal, 'bucket'), 'level', 'at');
    if (level === null || at === null) return undefined;
    return { level: Number(level), updatedAtMs: Number(at) };
  }

  status(): LimiterStoreStatus {
    return { store: 'redis', detail: `shared Redis store (${this.redis.status})` };
  }
}
