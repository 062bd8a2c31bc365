/**
 * The shared store with a way out: Redis decides while it answers within a short deadline; otherwise this replica
 * falls back to a local bucket at 1/replicas of the budget (replicaShare), so the declared replicas together still
 * stay within the portal's bucket, and no caller sees an error because Redis is down. While in fallback it pings
 * Redis every `probeIntervalMs`; once Redis answers, it hands over what it sent meanwhile (absorb) and returns.
 *
 * Replicas notice Redis again at different moments (reconnect and probe intervals): one already back on the shared
 * bucket must not spend what the others, still on their shares, are spending. So after its return a replica keeps
 * to its share's burst and rate for `settleMs`, now counted in the shared bucket, and only then uses the whole
 * budget; by then every replica that fell back has returned too.
 *
 * The local bucket of a portal starts full: the shared bucket may have been full when Redis went away, and this
 * replica cannot know, so it sends at its share of the drain rate from the start and gives up only the burst.
 *
 * Method blocks are written locally as well as to Redis, so a block this replica saw holds through an outage.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { type BucketConfig, replicaShare } from './leaky-bucket.js';
import { type LimiterStore, type LimiterStoreStatus, MemoryLimiterStore, type QueueTicket, type TurnAnswer } from './limiter-store.js';
import { DEFAULT_REDIS_KEY_PREFIX, RedisLimiterStore } from './redis-limiter-store.js';

export interface FailoverStoreHooks {
  /** The store in use changed (also called once at start). `reason` says why it left Redis. */
  onStoreChange?(status: LimiterStoreStatus, reason?: string): void;
  /** One Redis round trip completed (ms), for a histogram. */
  onRoundTrip?(ms: number): void;
}

export interface FailoverStoreOptions {
  /** Replicas the operator declared (BITRIX24_RATE_LIMIT_REPLICAS): the local share is 1/replicas of the budget. */
  replicas: number;
  /**
   * A Redis answer slower than this counts as a failure (default 1 s). Not lower: a replica that falls back while the
   * others still use Redis adds its share beside the shared bucket, so a false alarm costs more than a slow answer.
   */
  deadlineMs?: number;
  /** While in fallback, how often to ping Redis (default 1000 ms). */
  probeIntervalMs?: number;
  /** After returning to Redis, how long to keep to the share (default 2 probe intervals + 2 s of reconnect). */
  settleMs?: number;
  hooks?: FailoverStoreHooks;
  now?: () => number;
}

export const DEFAULT_REDIS_DEADLINE_MS = 1_000;
/** Before the first connection: how long a decision may wait for it (a cold start is slower than a round trip). */
export const FIRST_CONNECT_WAIT_MS = 3_000;
export const DEFAULT_REDIS_PROBE_INTERVAL_MS = 1_000;

class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * Rejects when `promise` has not settled within `ms`. Hand-written rather than ioredis's commandTimeout because of
 * one detail: when this process's event loop was blocked past the deadline, the timer and Redis's answer are both
 * due in the same loop turn, and timers run before I/O. Rejecting from setImmediate (after the I/O phase) lets an
 * answer that already arrived win, so a busy gateway does not mistake its own lag for a slow Redis.
 */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new DeadlineError(`Redis did not answer within ${ms} ms`))), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class FailoverLimiterStore implements LimiterStore {
  private readonly local = new MemoryLimiterStore();
  private readonly replicas: number;
  private readonly deadlineMs: number;
  private readonly probeIntervalMs: number;
  private readonly settleMs: number;
  /** Until then the shared bucket is used at the share's burst and rate (see the module comment). */
  private settleUntilMs = 0;
  private readonly hooks: FailoverStoreHooks;
  private readonly now: () => number;
  private mode: 'redis' | 'fallback' = 'redis';
  private reason = '';
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private connectedOnce = false;
  /** One wait for 'ready' shared by every caller, so listeners do not pile up while ioredis connects. */
  private ready: Promise<void> | undefined;
  private abandonReady: ((reason: string) => void) | undefined;
  private closed = false;
  /** Portals whose local bucket was started (full) since the last fallback. */
  private readonly localPortals = new Set<string>();
  /** The last bucket config seen, for the share shown in /ready and for absorb() on return. */
  private lastConfig: BucketConfig | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly shared: RedisLimiterStore,
    options: FailoverStoreOptions,
  ) {
    if (!Number.isInteger(options.replicas) || options.replicas < 1) {
      throw new Error(`FailoverLimiterStore replicas must be an integer >= 1; received ${String(options.replicas)}`);
    }
    for (const name of ['deadlineMs', 'probeIntervalMs', 'settleMs'] as const) {
      const value = options[name];
      if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
        throw new Error(`FailoverLimiterStore ${name} must be a number of ms > 0; received ${String(value)}`);
      }
    }
    this.replicas = options.replicas;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_REDIS_DEADLINE_MS;
    this.probeIntervalMs = options.probeIntervalMs ?? DEFAULT_REDIS_PROBE_INTERVAL_MS;
    this.settleMs = options.settleMs ?? 2 * this.probeIntervalMs + 2_000;
    this.hooks = options.hooks ?? {};
    this.now = options.now ?? Date.now;
    // ioredis reports connection errors as events; without a listener it prints them. The fallback says it once.
    redis.on('error', (error: unknown) => {
      if (this.mode === 'redis' && !this.closed) this.fallBack(`Redis connection error: ${describeError(error)}`);
    });
    this.hooks.onStoreChange?.(this.status());
  }

  /** Runs `operation` on Redis within the deadline; on failure switches to the local share and returns undefined. */
  private async onShared<T>(operation: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.mode !== 'redis') return undefined;
    const started = performance.now();
    try {
      // At start and after a reconnect ioredis may still be connecting: wait for it within the same deadline.
      if (this.redis.status !== 'ready') {
        await withDeadline(this.whenReady(), this.connectedOnce ? this.deadlineMs : FIRST_CONNECT_WAIT_MS);
      }
      this.connectedOnce = true;
      const value = await withDeadline(operation(), this.deadlineMs);
      this.hooks.onRoundTrip?.(performance.now() - started);
      return { value };
    } catch (error) {
      this.fallBack(error instanceof DeadlineError ? error.message : `Redis failed: ${describeError(error)}`);
      return undefined;
    }
  }

  private whenReady(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    if (this.redis.status === 'end' || this.redis.status === 'close') {
      return Promise.reject(new Error(`Redis connection is ${this.redis.status}`));
    }
    this.ready ??= new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        this.ready = undefined;
        this.abandonReady = undefined;
        resolve();
      };
      this.redis.once('ready', onReady);
      // A connection error ends the wait at once (see fallBack) instead of at the deadline.
      this.abandonReady = (reason: string) => {
        this.redis.off('ready', onReady);
        this.ready = undefined;
        this.abandonReady = undefined;
        reject(new Error(reason));
      };
    });
    return this.ready;
  }

  private fallBack(reason: string): void {
    if (this.mode === 'fallback' || this.closed) return;
    this.mode = 'fallback';
    this.reason = reason;
    this.abandonReady?.(reason);
    this.hooks.onStoreChange?.(this.status(), reason);
    this.probeTimer = setInterval(() => void this.probe(), this.probeIntervalMs);
    this.probeTimer.unref();
  }

  /** Back to Redis once it answers a PING; hands over what this replica sent on its own meanwhile. */
  private async probe(): Promise<void> {
    if (this.probing || this.closed || this.mode !== 'fallback' || this.redis.status !== 'ready') return;
    this.probing = true;
    try {
      await withDeadline(this.redis.ping(), this.deadlineMs);
      const config = this.lastConfig;
      if (config !== undefined) {
        const share = replicaShare(config, this.replicas);
        const nowMs = this.now();
        for (const [portal, level] of this.local.levels(nowMs, share)) {
          await withDeadline(this.shared.absorb(portal, nowMs, level, config), this.deadlineMs);
        }
      }
      this.local.resetBuckets();
      this.localPortals.clear();
      clearInterval(this.probeTimer);
      this.probeTimer = undefined;
      this.mode = 'redis';
      this.reason = '';
      this.settleUntilMs = this.now() + this.settleMs;
      this.hooks.onStoreChange?.(this.status());
    } catch {
      // Still unavailable: the next probe tries again.
    } finally {
      this.probing = false;
    }
  }

  async takeTurn(portal: string, ticket: QueueTicket, nowMs: number, config: BucketConfig): Promise<TurnAnswer> {
    this.lastConfig = config;
    const sharedConfig = this.settling(nowMs) ? replicaShare(config, this.replicas) : config;
    const answer = await this.onShared(() => this.shared.takeTurn(portal, ticket, nowMs, sharedConfig));
    if (answer !== undefined) return answer.value;
    const share = replicaShare(config, this.replicas);
    this.startLocal(portal, nowMs, share);
    return this.local.takeTurn(portal, ticket, nowMs, share);
  }

  private settling(nowMs: number): boolean {
    return nowMs < this.settleUntilMs;
  }

  private startLocal(portal: string, nowMs: number, share: BucketConfig): void {
    if (this.localPortals.has(portal)) return;
    this.localPortals.add(portal);
    this.local.markExhausted(portal, nowMs, share);
  }

  async withdraw(portal: string, ticketId: string): Promise<void> {
    this.local.withdraw(portal, ticketId);
    await this.onShared(() => this.shared.withdraw(portal, ticketId));
  }

  async markExhausted(portal: string, nowMs: number, config: BucketConfig): Promise<void> {
    this.lastConfig = config;
    const sharedConfig = this.settling(nowMs) ? replicaShare(config, this.replicas) : config;
    const done = await this.onShared(() => this.shared.markExhausted(portal, nowMs, sharedConfig));
    if (done === undefined) {
      const share = replicaShare(config, this.replicas);
      this.startLocal(portal, nowMs, share);
      this.local.markExhausted(portal, nowMs, share);
    }
  }

  async blockMethod(portal: string, method: string, untilMs: number): Promise<void> {
    this.local.blockMethod(portal, method, untilMs);
    await this.onShared(() => this.shared.blockMethod(portal, method, untilMs));
  }

  async methodBlockedUntil(portal: string, method: string, nowMs: number): Promise<number | undefined> {
    const local = this.local.methodBlockedUntil(portal, method, nowMs);
    const shared = await this.onShared(() => this.shared.methodBlockedUntil(portal, method, nowMs));
    const until = Math.max(local ?? 0, shared?.value ?? 0);
    return until > nowMs ? until : undefined;
  }

  status(): LimiterStoreStatus {
    if (this.mode === 'redis') {
      const settling = this.settling(this.now()) ? `, keeping to 1/${this.replicas} of the budget while the replicas return` : '';
      return { store: 'redis', detail: `shared Redis store (${this.redis.status})${settling}` };
    }
    const share = this.lastConfig === undefined ? undefined : replicaShare(this.lastConfig, this.replicas);
    const budget = share === undefined ? '' : ` (${share.burst}/${Number(share.perSecond.toFixed(3))})`;
    return {
      store: 'fallback',
      detail: `local share 1/${this.replicas} of the budget${budget}: ${this.reason}`,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }
}

/**
 * ioredis options for the limiter: fail fast instead of queueing. A command queued while Redis is away and run
 * minutes later would take a turn nobody waits for any more, so there is no offline queue and no resend after a
 * reconnect; the failover store's deadline decides what counts as too slow. A `rediss://` URL turns on TLS
 * (ioredis does that from the scheme); `tls` adds options such as a private CA.
 */
export function redisOptionsFor(url: string, extra: RedisOptions = {}): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379/0; received a value that is not a URL`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must use redis:// or rediss:// (TLS); received "${parsed.protocol}//…"`);
  }
  return {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    // Reconnect forever, at most a second apart: the probe returns to Redis on the first PING that answers.
    retryStrategy: (attempt: number) => Math.min(1_000, 50 * attempt),
    connectTimeout: 2_000,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    ...extra,
  };
}

export interface SharedLimiterStoreOptions extends FailoverStoreOptions {
  url: string;
  keyPrefix?: string;
  /** Extra ioredis options (e.g. `tls: { ca }` for a private CA). */
  redisOptions?: RedisOptions;
}

/** The store a replica uses with REDIS_URL: Redis, shared, with the local share as its fallback. */
export function createSharedLimiterStore(options: SharedLimiterStoreOptions): FailoverLimiterStore {
  const redis = new Redis(options.url, redisOptionsFor(options.url, options.redisOptions));
  return new FailoverLimiterStore(redis, new RedisLimiterStore(redis, options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX), options);
}
