/**
 * The state behind the limiter: one leaky bucket per portal and the methods blocked by OPERATION_TIME_LIMIT.
 *
 * MemoryLimiterStore serves a single gateway process. When several replicas serve one portal they share the
 * portal's upstream budget, so they must share this state too: a shared store (e.g. Redis, with a Lua script
 * doing `reserve` atomically per portal key, and method blocks as keys with a PEXPIREAT) replaces this class.
 * The arithmetic to port lives in leaky-bucket.ts.
 */
import {
  type BucketConfig,
  type BucketState,
  exhausted,
  release as releaseSlot,
  reserve as reserveSlot,
} from './leaky-bucket.js';

export interface LimiterStore {
  /**
   * Reserve the next send slot for `portal`; returns ms to wait before sending. Implementations must be atomic
   * per portal. When the wait would exceed `maxWaitMs` (optional; default no bound) nothing is reserved and
   * the wait is still returned, so the caller can refuse with an accurate retry-after hint.
   */
  reserve(portal: string, nowMs: number, config: BucketConfig, maxWaitMs?: number): Promise<number> | number;
  /** Give back a slot reserved by `reserve` that will not be used (its caller aborted while queued). */
  release(portal: string, nowMs: number, config: BucketConfig): Promise<void> | void;
  /** Upstream answered QUERY_LIMIT_EXCEEDED: the shared bucket is full. */
  markExhausted(portal: string, nowMs: number, config: BucketConfig): Promise<void> | void;
  /** OPERATION_TIME_LIMIT: `method` on `portal` is refused upstream until `untilMs`. Keeps the later of two blocks. */
  blockMethod(portal: string, method: string, untilMs: number): Promise<void> | void;
  /** When the block on `method` ends, or undefined when it is not blocked at `nowMs`. */
  methodBlockedUntil(
    portal: string,
    method: string,
    nowMs: number,
  ): Promise<number | undefined> | number | undefined;
}

/** In-process store. Every operation is synchronous, hence atomic per portal. */
export class MemoryLimiterStore implements LimiterStore {
  private readonly buckets = new Map<string, BucketState>();
  /** portal -> method -> blocked until (ms). Expired entries are dropped when read. */
  private readonly blocks = new Map<string, Map<string, number>>();

  reserve(portal: string, nowMs: number, config: BucketConfig, maxWaitMs = Number.POSITIVE_INFINITY): number {
    const current = this.buckets.get(portal) ?? { level: 0, updatedAtMs: nowMs };
    const { state, waitMs } = reserveSlot(current, nowMs, config);
    if (waitMs <= maxWaitMs) this.buckets.set(portal, state);
    return waitMs;
  }

  release(portal: string, nowMs: number, config: BucketConfig): void {
    const current = this.buckets.get(portal);
    if (current !== undefined) this.buckets.set(portal, releaseSlot(current, nowMs, config));
  }

  markExhausted(portal: string, nowMs: number, config: BucketConfig): void {
    this.buckets.set(portal, exhausted(nowMs, config, this.buckets.get(portal)));
  }

  blockMethod(portal: string, method: string, untilMs: number): void {
    if (!Number.isFinite(untilMs)) {
      throw new Error(`blockMethod untilMs must be a finite time in ms; received ${String(untilMs)}`);
    }
    let methods = this.blocks.get(portal);
    if (methods === undefined) {
      methods = new Map();
      this.blocks.set(portal, methods);
    }
    const previous = methods.get(method);
    if (previous === undefined || untilMs > previous) methods.set(method, untilMs);
  }

  methodBlockedUntil(portal: string, method: string, nowMs: number): number | undefined {
    const methods = this.blocks.get(portal);
    const until = methods?.get(method);
    if (methods === undefined || until === undefined) return undefined;
    if (until > nowMs) return until;
    methods.delete(method);
    if (methods.size === 0) this.blocks.delete(portal);
    return undefined;
  }
}
