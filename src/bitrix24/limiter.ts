/**
 * Per-portal traffic shaping: the gateway waits its turn instead of collecting 503 QUERY_LIMIT_EXCEEDED.
 *
 * acquire(portal, methods) goes through two phases:
 *   1. method blocks: if any of `methods` is blocked (OPERATION_TIME_LIMIT), wait for the block to end, or refuse
 *      at once when it ends past the caller's deadline. Blocked callers do not sit in the FIFO queue, so one
 *      blocked method never holds back the rest of the portal's traffic.
 *   2. the FIFO queue: reserve a slot in the portal's leaky bucket (the store), wait until it is due, and leave
 *      the queue strictly in arrival order. A slot that would be due past the deadline is not reserved and the
 *      call is refused at once with `retryAfterMs`.
 * The deadline is `maxWaitMs` after acquire() was called, shared by both phases. At most `maxQueue` callers per
 * portal are admitted (both phases); beyond that acquire() refuses at once, so memory stays flat under overload.
 * An aborted caller leaves at once (synchronously in the abort event) and gives its slot back.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import { type BucketConfig, validateBucketConfig } from './leaky-bucket.js';
import { type LimiterStore, MemoryLimiterStore } from './limiter-store.js';

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
}

interface Admission {
  readonly portal: PortalQueue;
  left: boolean;
}

interface Waiter {
  readonly admission: Admission;
  /** Its slot is due (or it needed no wait). */
  ready: boolean;
  /** Settled: released, refused or aborted. */
  done: boolean;
  timer: TimerHandle | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

interface PortalQueue {
  readonly key: string;
  /** Callers between admission and settlement (both phases): what maxQueue bounds and queueLength reports. */
  admitted: number;
  /** Phase 2, in arrival order. */
  readonly fifo: Waiter[];
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
  private readonly portals = new Map<string, PortalQueue>();

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
  }

  /**
   * Wait for a send slot for `portal`, FIFO among callers of that portal. `methods` are the REST methods this
   * HTTP request runs (a batch runs several). Rejects with a Bitrix24Error: rate_limited (queue full, slot or
   * method block past the deadline; `retryAfterMs` says how long until it would fit) or aborted.
   */
  async acquire(portal: string, methods: readonly string[], signal?: AbortSignal): Promise<void> {
    const method = methods[0] ?? 'batch';
    if (signal?.aborted) throw this.abortedError(method);
    const startedAt = this.now();
    const deadline = startedAt + this.maxWaitMs;
    const admission = this.admit(portal, method);
    try {
      // Only await when something is pending: with a synchronous store a caller joins the FIFO within this
      // call, so arrival order is the order of acquire() calls.
      const blocked = this.waitForMethodBlocks(admission, methods, deadline, signal);
      if (blocked !== undefined) await blocked;
      if (this.rate !== 'off') await this.waitForSlot(admission, this.rate, method, deadline, signal);
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
      queue = { key: portal, admitted: 0, fifo: [] };
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

  /** Idempotent: the abort handler, the FIFO release and acquire()'s finally all call it. */
  private leave(admission: Admission): void {
    if (admission.left) return;
    admission.left = true;
    const queue = admission.portal;
    queue.admitted -= 1;
    if (queue.admitted === 0 && queue.fifo.length === 0 && this.portals.get(queue.key) === queue) {
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

  private sleep(ms: number, admission: Admission, method: string, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(this.abortedError(method));
        return;
      }
      const onAbort = (): void => {
        timer.clear();
        this.leave(admission);
        reject(this.abortedError(method));
      };
      const timer = this.setTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Joins the FIFO synchronously, then reserves a slot and waits for it and for everyone queued before it. */
  private waitForSlot(
    admission: Admission,
    rate: BucketConfig,
    method: string,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (signal?.aborted) return Promise.reject(this.abortedError(method));
    const queue = admission.portal;
    const portal = queue.key;
    let reserved = false;
    const waiter: Waiter = {
      admission,
      ready: false,
      done: false,
      timer: undefined,
      resolve: () => undefined,
      reject: () => undefined,
      detach: () => undefined,
    };
    const promise = new Promise<void>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    queue.fifo.push(waiter);

    const fail = (error: unknown): void => {
      if (waiter.done) return;
      waiter.done = true;
      waiter.timer?.clear();
      waiter.detach();
      const index = queue.fifo.indexOf(waiter);
      if (index >= 0) queue.fifo.splice(index, 1);
      this.leave(admission);
      waiter.reject(error);
      this.flush(queue); // whoever queued behind it may already be due
    };
    const onAbort = (): void => {
      if (waiter.done) return;
      if (reserved) this.giveBack(portal, rate);
      fail(this.abortedError(method));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waiter.detach = () => signal?.removeEventListener('abort', onAbort);

    const nowMs = this.now();
    const budget = Math.max(0, deadline - nowMs);
    const onReserved = (waitMs: number): void => {
      if (waitMs > budget) {
        // Not reserved by the store: refuse with the time until a slot would be free.
        fail(
          this.rateLimitedError(
            method,
            Math.max(1, Math.ceil(waitMs)),
            `portal ${portal} has no send slot for ${Math.ceil(waitMs)} ms, past the ${this.maxWaitMs} ms wait limit`,
          ),
        );
        return;
      }
      if (waiter.done) {
        this.giveBack(portal, rate); // aborted while an asynchronous store was answering
        return;
      }
      reserved = true;
      if (waitMs <= 0) {
        waiter.ready = true;
        this.flush(queue);
        return;
      }
      waiter.timer = this.setTimer(() => {
        waiter.timer = undefined;
        waiter.ready = true;
        this.flush(queue);
      }, waitMs);
    };

    try {
      const answer = this.store.reserve(portal, nowMs, rate, budget);
      if (isPromiseLike(answer)) answer.then(onReserved, fail);
      else onReserved(answer);
    } catch (error) {
      fail(error);
    }
    return promise;
  }

  /** Releases due callers from the head of the FIFO, in order; stops at the first one still waiting. */
  private flush(queue: PortalQueue): void {
    for (let head = queue.fifo[0]; head !== undefined && head.ready; head = queue.fifo[0]) {
      queue.fifo.shift();
      head.done = true;
      head.detach();
      this.leave(head.admission);
      head.resolve();
    }
  }

  /** Best effort: a lost release only costs one slot of spacing, so a failing shared store is not fatal here. */
  private giveBack(portal: string, rate: BucketConfig): void {
    try {
      const result = this.store.release(portal, this.now(), rate);
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
