/**
 * The state behind the limiter: per portal, one leaky bucket, the queue of requests waiting for it (ranked, see
 * queueRank), and the methods blocked by OPERATION_TIME_LIMIT.
 *
 * MemoryLimiterStore serves a single gateway process. Replicas serving one portal share its upstream budget, so they
 * share this state through RedisLimiterStore (redis-limiter-store.ts), which runs the same decision (decideTurn in
 * leaky-bucket.ts) in one Lua script per turn. docs/replicas.md describes the shared layout.
 */
import { type BucketConfig, type BucketState, decideTurn, exhausted } from './leaky-bucket.js';

/** One waiting request. `id` is unique and sorts in arrival order among one limiter's tickets (fixed width). */
export interface QueueTicket {
  readonly id: string;
  /** queueRank(): lower goes first; ties go by `id`. */
  readonly rankMs: number;
}

export interface TurnAnswer {
  /** The request may go now; it is counted in the bucket and has left the queue. */
  granted: boolean;
  /** Not granted: ms until its turn if nobody overtakes it (ask again then). 0 when granted. */
  waitMs: number;
}

/** Which store decides, for /ready and /metrics. */
export interface LimiterStoreStatus {
  /** 'memory': this process alone; 'redis': shared with the other replicas; 'fallback': a local share of the budget. */
  store: 'memory' | 'redis' | 'fallback';
  detail: string;
}

export interface LimiterStore {
  /**
   * Ask for a send slot for `ticket` at `nowMs`: joins the portal's queue on the first ask, and stays in it (for
   * `waitMs` plus a grace period) until granted or withdrawn. Atomic per portal.
   */
  takeTurn(portal: string, ticket: QueueTicket, nowMs: number, config: BucketConfig): Promise<TurnAnswer> | TurnAnswer;
  /** The ticket's caller gave up (aborted, or refused past its deadline). Unknown tickets are ignored. */
  withdraw(portal: string, ticketId: string): Promise<void> | void;
  /** Upstream answered QUERY_LIMIT_EXCEEDED: the shared bucket is full. */
  markExhausted(portal: string, nowMs: number, config: BucketConfig): Promise<void> | void;
  /** OPERATION_TIME_LIMIT: `method` on `portal` is refused upstream until `untilMs`. Keeps the later of two blocks. */
  blockMethod(portal: string, method: string, untilMs: number): Promise<void> | void;
  /** When the block on `method` ends, or undefined when it is not blocked at `nowMs`. */
  methodBlockedUntil(portal: string, method: string, nowMs: number): Promise<number | undefined> | number | undefined;
  /** Which store decides now (optional; a plain store is 'memory'). */
  status?(): LimiterStoreStatus;
  /** Releases connections and timers (optional). */
  close?(): Promise<void>;
}

/**
 * How long a waiting ticket stays queued past the time it was told to ask again. A ticket whose owner died (a replica
 * crashed) is dropped after that, so it holds back the requests behind it at most this long.
 */
export const TICKET_GRACE_MS = 2_000;

interface Waiting {
  readonly id: string;
  readonly rankMs: number;
  leaseUntilMs: number;
}

function byRank(a: { id: string; rankMs: number }, b: { id: string; rankMs: number }): number {
  return a.rankMs - b.rankMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** In-process store. Every operation is synchronous, hence atomic per portal. */
export class MemoryLimiterStore implements LimiterStore {
  private readonly buckets = new Map<string, BucketState>();
  /** portal -> waiting tickets in rank order. */
  private readonly queues = new Map<string, Waiting[]>();
  /** portal -> method -> blocked until (ms). Expired entries are dropped when read. */
  private readonly blocks = new Map<string, Map<string, number>>();

  takeTurn(portal: string, ticket: QueueTicket, nowMs: number, config: BucketConfig): TurnAnswer {
    const queue = (this.queues.get(portal) ?? []).filter((waiting) => waiting.leaseUntilMs >= nowMs);
    let entry = queue.find((waiting) => waiting.id === ticket.id);
    if (entry === undefined) {
      entry = { id: ticket.id, rankMs: ticket.rankMs, leaseUntilMs: nowMs };
      queue.push(entry);
      queue.sort(byRank);
    }
    const position = queue.indexOf(entry);
    const decision = decideTurn(this.buckets.get(portal) ?? { level: 0, updatedAtMs: nowMs }, position, nowMs, config);
    this.buckets.set(portal, decision.state);
    if (decision.granted) queue.splice(position, 1);
    else entry.leaseUntilMs = nowMs + decision.waitMs + TICKET_GRACE_MS;
    if (queue.length === 0) this.queues.delete(portal);
    else this.queues.set(portal, queue);
    return { granted: decision.granted, waitMs: decision.waitMs };
  }

  withdraw(portal: string, ticketId: string): void {
    const queue = this.queues.get(portal);
    if (queue === undefined) return;
    const remaining = queue.filter((waiting) => waiting.id !== ticketId);
    if (remaining.length === 0) this.queues.delete(portal);
    else this.queues.set(portal, remaining);
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

  /** Each portal's bucket level at `nowMs` (what this process sent lately): handed to the shared store on return. */
  levels(nowMs: number, config: BucketConfig): Map<string, number> {
    const levels = new Map<string, number>();
    for (const [portal, state] of this.buckets) {
      const level = Math.max(0, state.level - (Math.max(0, nowMs - state.updatedAtMs) * config.perSecond) / 1000);
      if (level > 0) levels.set(portal, level);
    }
    return levels;
  }

  /** Forgets the buckets (the method blocks stay: they are the portal's word and still hold). */
  resetBuckets(): void {
    this.buckets.clear();
    this.queues.clear();
  }

  status(): LimiterStoreStatus {
    return { store: 'memory', detail: 'in-process bucket (REDIS_URL unset)' };
  }
}
