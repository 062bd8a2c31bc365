/**
 * Per-portal traffic shaping: the gateway waits its turn instead of collecting 503 QUERY_LIMIT_EXCEEDED.
 *
 * acquire(portal, methods) goes through two phases:
 *   1. method blocks: if any of `methods` is blocked (OPERATION_TIME_LIMIT), wait for the block to end, or refuse
 *      at once when it ends past the caller's deadline. Blocked callers do not sit in the queue, so one blocked
 *      method never holds back the rest of the portal's traffic.
 *   2. the queue: the request takes a ticket ranked by arrival (queueRank), and asks the store for its turn; a
 *      request is let through once the portal's leaky bucket has room for it and for every request ranked ahead of
 *      it (decideTurn). Until then it sleeps for the time the store says and asks again. Requests of GraphQL
 *      operations already under way (`followUp`) rank ahead of first requests that arrived up to
 *      `firstRequestHeadStartMs` before them: operations finish sooner, none waits forever. A turn that would come
 *      past the deadline is refused at once with `retryAfterMs`.
 * The deadline is `maxWaitMs` after acquire() was called, shared by both phases. At most `maxQueue` callers per
 * portal are admitted (both phases); beyond that acquire() refuses at once, so memory stays flat under overload.
 * An aborted caller leaves at once (synchronously in the abort event) and withdraws its ticket.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import { randomBytes } from 'node:crypto';
import { type BucketConfig, queueRank, validateBucketConfig } from './leaky-bucket.js';
import { type LimiterStore, type LimiterStoreStatus, MemoryLimiterStore, type QueueTicket } from './limiter-store.js';

export interface TimerHandle {
  clear(): void;
}

export interface LimiterOptions {
  /** The portal's upstream bucket (50/2; Enterprise 250/5), or 'off' for no shaping (method blocks still apply). */
  rate: BucketConfig | 'off';
  /** A request that would wait longer than this is refused at once (rate_limited, with retryAfterMs). */
  maxWaitMs: number;
  /** Callers admitted per portal (waiting for a block or queued); beyond it requests are refused at once. */
  maxQueue: number;
  /** Default: a new MemoryLimiterStore. */
  store?: LimiterStore;
  /** Default: Date.now. */
  now?: () => number;
  /** Default: setTimeout. */
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  /** Called whenever a portal's queue changes: that portal's length (and the portal, an addition). */
  onQueueChange?: (queueLength: number, portal: string) => void;
  /** Called once per successful acquire() with how long it waited (0 included, for a histogram). */
  onWait?: (waitMs: number) => void;
  /**
   * How long a follow-up request (its operation already sent one) may overtake queued first requests: a first request
   * ranks as if it arrived this much later. Default 60 s, above the default maxWaitMs, so within one caller's wait
   * operations under way always go first; the bound is what keeps a stream of long operations from starving new ones.
   */
  firstRequestHeadStartMs?: number;
}

export interface AcquireOptions {
  signal?: AbortSignal | undefined;
  /** The GraphQL operation already sent an upstream request (or this is a retry): it ranks ahead of first requests. */
  followUp?: boolean;
}

export const DEFAULT_FIRST_REQUEST_HEAD_START_MS = 60_000;

interface Admission {
  readonly portal: PortalQueue;
  left: boolean;
}

interface PortalQueue {
  readonly key: string;
  /** Callers between admission and settlement (both phases): what maxQueue bounds and queueLength reports. */
  admitted: number;
  /** Callers sleeping until they ask for their turn again; woken early when a ticket ahead of them leaves. */
  readonly sleepers: Set<() => void>;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function defaultSetTimer(fn: () => void, ms: number): TimerHandle {
  const timer = setTimeout(fn, ms);
  return { clear: () => clearTimeout(timer) };
}

function validateOptions(options: LimiterOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new Error(`PortalLimiter options must be an object; received ${String(options)}`);
  }
  if (options.rate !== 'off') validateBucketConfig(options.rate, 'PortalLimiter rate');
  const { maxWaitMs, maxQueue } = options;
  if (typeof maxWaitMs !== 'number' || !Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
    throw new Error(`PortalLimiter maxWaitMs must be a finite number of ms >= 0; received ${String(maxWaitMs)}`);
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 1) {
    throw new Error(`PortalLimiter maxQueue must be an integer >= 1; received ${String(maxQueue)}`);
  }
  const headStart = options.firstRequestHeadStartMs;
  if (headStart !== undefined && (typeof headStart !== 'number' || !Number.isFinite(headStart) || headStart < 0)) {
    throw new Error(`PortalLimiter firstRequestHeadStartMs must be a finite number of ms >= 0; received ${String(headStart)}`);
  }
  for (const name of ['now', 'setTimer', 'onQueueChange', 'onWait'] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'function') {
      throw new Error(`PortalLimiter ${name} must be a function when given; received ${typeof value}`);
    }
  }
}

export class PortalLimiter {
  private readonly rate: BucketConfig | 'off';
  private readonly maxWaitMs: number;
  private readonly maxQueue: number;
  private readonly store: LimiterStore;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => TimerHandle;
  private readonly onQueueChange: ((queueLength: number, portal: string) => void) | undefined;
  private readonly onWait: ((waitMs: number) => void) | undefined;
  private readonly firstRequestHeadStartMs: number;
  private readonly portals = new Map<string, PortalQueue>();
  /** Ticket ids: unique across replicas (random prefix), in arrival order within this limiter (fixed-width counter). */
  private readonly ticketPrefix = randomBytes(6).toString('hex');
  private ticketCount = 0;

  constructor(options: LimiterOptions) {
    validateOptions(options);
    this.rate = options.rate === 'off' ? 'off' : { burst: options.rate.burst, perSecond: options.rate.perSecond };
    this.maxWaitMs = options.maxWaitMs;
    this.maxQueue = options.maxQueue;
    this.store = options.store ?? new MemoryLimiterStore();
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? defaultSetTimer;
    this.onQueueChange = options.onQueueChange;
    this.onWait = options.onWait;
    this.firstRequestHeadStartMs = options.firstRequestHeadStartMs ?? DEFAULT_FIRST_REQUEST_HEAD_START_MS;
  }

  /**
   * Wait for a send slot for `portal`, in rank order among callers of that portal (arrival order, follow-ups first).
   * `methods` are the REST methods this HTTP request runs (a batch runs several). Rejects with a Bitrix24Error:
   * rate_limited (queue full, turn or method block past the deadline; `retryAfterMs` says how long until it would
   * fit) or aborted.
   */
  async acquire(portal: string, methods: readonly string[], options: AcquireOptions | AbortSignal = {}): Promise<void> {
    const { signal, followUp = false } = options instanceof AbortSignal ? { signal: options } : options;
    const method = methods[0] ?? 'batch';
    if (signal?.aborted) throw this.abortedError(method);
    const startedAt = this.now();
    const ticket: QueueTicket = {
      id: `${this.ticketPrefix}:${String((this.ticketCount += 1)).padStart(15, '0')}`,
      rankMs: queueRank(startedAt, followUp, this.firstRequestHeadStartMs),
    };
    const deadline = startedAt + this.maxWaitMs;
    const admission = this.admit(portal, method);
    try {
      // Only await when something is pending: with a synchronous store a caller joins the FIFO within this
      // call, so arrival order is the order of acquire() calls.
      const blocked = this.waitForMethodBlocks(admission, methods, deadline, signal);
      if (blocked !== undefined) await blocked;
      if (this.rate !== 'off') await this.waitForTurn(admission, ticket, this.rate, method, deadline, signal);
      this.onWait?.(Math.max(0, this.now() - startedAt));
    } finally {
      this.leave(admission);
    }
  }

  /** Upstream answered QUERY_LIMIT_EXCEEDED (another app may share the budget): the bucket is full now. */
  markExhausted(portal: string): Promise<void> | void {
    if (this.rate === 'off') return;
    return this.store.markExhausted(portal, this.now(), this.rate);
  }

  /** Upstream answered OPERATION_TIME_LIMIT: hold `method` on `portal` until `untilMs`. */
  blockMethod(portal: string, method: string, untilMs: number): Promise<void> | void {
    return this.store.blockMethod(portal, method, untilMs);
  }

  /** Which store decides (for /ready and /metrics). */
  storeStatus(): LimiterStoreStatus {
    return this.store.status?.() ?? { store: 'memory', detail: 'in-process bucket' };
  }

  /** Releases the store's connections and timers. */
  async close(): Promise<void> {
    await this.store.close?.();
  }

  /** Callers waiting for `portal` (blocked or queued), or for all portals. */
  queueLength(portal?: string): number {
    if (portal !== undefined) return this.portals.get(portal)?.admitted ?? 0;
    let total = 0;
    for (const queue of this.portals.values()) total += queue.admitted;
    return total;
  }

  private admit(portal: string, method: string): Admission {
    let queue = this.portals.get(portal);
    if (queue === undefined) {
      queue = { key: portal, admitted: 0, sleepers: new Set() };
      this.portals.set(portal, queue);
    }
    if (queue.admitted >= this.maxQueue) {
      const perSecond = this.rate === 'off' ? 1 : this.rate.perSecond;
      throw this.rateLimitedError(
        method,
        Math.max(1, Math.ceil((queue.admitted * 1000) / perSecond)),
        `${queue.admitted} requests already wait for portal ${portal} (maxQueue ${this.maxQueue})`,
      );
    }
    queue.admitted += 1;
    this.onQueueChange?.(queue.admitted, portal);
    return { portal: queue, left: false };
  }

  /** Idempotent: the abort handler, the grant and acquire()'s finally all call it. */
  private leave(admission: Admission): void {
    if (admission.left) return;
    admission.left = true;
    const queue = admission.portal;
    queue.admitted -= 1;
    if (queue.admitted === 0 && this.portals.get(queue.key) === queue) {
      this.portals.delete(queue.key);
    }
    this.onQueueChange?.(queue.admitted, queue.key);
  }

  /** undefined when no method is blocked (synchronously, with a synchronous store). */
  private waitForMethodBlocks(
    admission: Admission,
    methods: readonly string[],
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<void> | undefined {
    const portal = admission.portal.key;
    const nowMs = this.now();
    const unique = [...new Set(methods)];
    const answers = unique.map((method) => this.store.methodBlockedUntil(portal, method, nowMs));
    const decide = (untils: readonly (number | undefined)[]): Promise<void> | undefined => {
      let until: number | undefined;
      let blockedMethod = '';
      untils.forEach((value, index) => {
        if (value !== undefined && value > nowMs && (until === undefined || value > until)) {
          until = value;
          blockedMethod = unique[index] ?? '';
        }
      });
      if (until === undefined) return undefined;
      const current = this.now();
      if (until > deadline) {
        throw this.rateLimitedError(
          blockedMethod,
          Math.max(1, Math.ceil(until - current)),
          `${blockedMethod} is blocked on portal ${portal} by OPERATION_TIME_LIMIT for another ` +
            `${Math.ceil(until - current)} ms, past the ${this.maxWaitMs} ms wait limit`,
        );
      }
      // Wait, then look again: the block may have been extended meanwhile.
      return this.sleep(until - current, admission, methods[0] ?? 'batch', signal).then(() =>
        this.waitForMethodBlocks(admission, methods, deadline, signal),
      );
    };
    if (answers.some((answer) => isPromiseLike(answer))) return Promise.all(answers).then(decide);
    return decide(answers as (number | undefined)[]);
  }

  /** Sleeps `ms`, or until woken through `sleepers` (when given); rejects at once when `signal` aborts. */
  private sleep(
    ms: number,
    admission: Admission,
    method: string,
    signal: AbortSignal | undefined,
    sleepers?: Set<() => void>,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(this.abortedError(method));
        return;
      }
      const onAbort = (): void => {
        timer.clear();
        sleepers?.delete(wake);
        this.leave(admission);
        reject(this.abortedError(method));
      };
      const wake = (): void => {
        timer.clear();
        sleepers?.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const timer = this.setTimer(wake, Math.max(0, ms));
      sleepers?.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Asks the store for this ticket's turn until granted; sleeps in between for as long as the store says. Refuses
   * as soon as the turn would come past the deadline, and withdraws the ticket whenever it leaves ungranted.
   */
  private async waitForTurn(
    admission: Admission,
    ticket: QueueTicket,
    rate: BucketConfig,
    method: string,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const portal = admission.portal.key;
    try {
      for (;;) {
        if (signal?.aborted) throw this.abortedError(method);
        const asked = this.store.takeTurn(portal, ticket, this.now(), rate);
        const answer = isPromiseLike(asked) ? await asked : asked;
        if (answer.granted) {
          if (signal?.aborted) {
            // Aborted while an asynchronous store was answering: the slot stays spent (the fluid model has no
            // exact give-back for a slot already counted), which only costs one slot of spacing.
            throw this.abortedError(method);
          }
          this.leave(admission); // at once, not a microtask later: the next caller of this tick may take its place
          return;
        }
        const nowMs = this.now();
        if (nowMs + answer.waitMs > deadline) {
          throw this.rateLimitedError(
            method,
            Math.max(1, Math.ceil(answer.waitMs)),
            `portal ${portal} has no send slot for ${Math.ceil(answer.waitMs)} ms, past the ${this.maxWaitMs} ms wait limit`,
          );
        }
        await this.sleep(answer.waitMs, admission, method, signal, admission.portal.sleepers);
      }
    } catch (error) {
      this.withdraw(portal, ticket.id);
      // The requests queued behind it move up: let them ask again now rather than at their old estimate.
      for (const wake of [...admission.portal.sleepers]) wake();
      throw error;
    }
  }

  /** Best effort: a ticket left behind only holds the queue until its lease ends (TICKET_GRACE_MS). */
  private withdraw(portal: string, ticketId: string): void {
    try {
      const result = this.store.withdraw(portal, ticketId);
      if (isPromiseLike(result)) result.then(undefined, () => undefined);
    } catch {
      // see above
    }
  }

  private rateLimitedError(method: string, retryAfterMs: number, description: string): Bitrix24Error {
    return new Bitrix24Error({
      kind: 'rate_limited',
      code: LocalErrorCode.rateLimited,
      description,
      method,
      retryAfterMs,
    });
  }

  private abortedError(method: string): Bitrix24Error {
    return new Bitrix24Error({
      kind: 'aborted',
      code: LocalErrorCode.aborted,
      description: 'the caller went away while waiting for a send slot',
      method,
    });
  }
}
