import { describe, expect, it } from 'vitest';
import { Bitrix24Error, LocalErrorCode } from '../../src/bitrix24/errors.js';
import type { BucketConfig } from '../../src/bitrix24/leaky-bucket.js';
import { type LimiterOptions, PortalLimiter } from '../../src/bitrix24/limiter.js';
import { type LimiterStore, MemoryLimiterStore } from '../../src/bitrix24/limiter-store.js';

/** A fake clock with timers that fire in due order (ties in creation order) when time is advanced. */
class FakeClock {
  nowMs = 0;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void; cleared: boolean }[] = [];

  readonly now = (): number => this.nowMs;
  readonly setTimer = (fn: () => void, ms: number): { clear(): void } => {
    const timer = { at: this.nowMs + ms, seq: this.seq++, fn, cleared: false };
    this.timers.push(timer);
    return { clear: () => void (timer.cleared = true) };
  };

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cleared).length;
  }

  async advance(ms: number): Promise<void> {
    await settle(); // let what is already resolved observe the current time
    const target = this.nowMs + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cleared && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = due.at;
      due.fn();
      await settle();
    }
    this.nowMs = target;
    await settle();
  }
}

/** Lets pending promise callbacks run (no real waiting on the limiter's side: its clock is fake). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const PORTAL = 'https://example.bitrix24.com';

function setup(rate: BucketConfig | 'off', extra: Partial<LimiterOptions> = {}) {
  const clock = new FakeClock();
  const queueChanges: number[] = [];
  const waits: number[] = [];
  const limiter = new PortalLimiter({
    rate,
    maxWaitMs: 60_000,
    maxQueue: 1000,
    now: clock.now,
    setTimer: clock.setTimer,
    onQueueChange: (length) => queueChanges.push(length),
    onWait: (ms) => waits.push(ms),
    ...extra,
  });
  /** Release log: [id, time]. */
  const released: [string, number][] = [];
  const failures: Record<string, unknown> = {};
  const track = (id: string, promise: Promise<void>): Promise<void> =>
    promise.then(
      () => void released.push([id, clock.nowMs]),
      (error: unknown) => void (failures[id] = error),
    );
  return { clock, limiter, released, failures, track, queueChanges, waits };
}

function expectBitrixError(value: unknown, fields: Partial<Bitrix24Error>): void {
  expect(value).toBeInstanceOf(Bitrix24Error);
  expect(value).toMatchObject(fields);
}

describe('PortalLimiter: FIFO shaping', () => {
  it('lets a burst through, then releases in arrival order 1000/perSecond apart', async () => {
    const { clock, limiter, released, track, waits } = setup({ burst: 3, perSecond: 2 });
    for (let i = 0; i < 7; i += 1) void track(`r${i}`, limiter.acquire(PORTAL, ['sonet_group.get']));
    await settle();
    expect(released).toEqual([
      ['r0', 0],
      ['r1', 0],
      ['r2', 0],
    ]);
    expect(limiter.queueLength(PORTAL)).toBe(4);
    await clock.advance(499);
    expect(released).toHaveLength(3);
    await clock.advance(10_000);
    expect(released).toEqual([
      ['r0', 0],
      ['r1', 0],
      ['r2', 0],
      ['r3', 500],
      ['r4', 1000],
      ['r5', 1500],
      ['r6', 2000],
    ]);
    expect(limiter.queueLength(PORTAL)).toBe(0);
    expect(limiter.queueLength()).toBe(0);
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500, 2000]);
  });

  it.each([
    [{ burst: 250, perSecond: 5 }, 200],
    [{ burst: 50, perSecond: 2 }, 500],
    [{ burst: 20, perSecond: 40 }, 25],
  ])('spaces requests after the burst by 1000/perSecond (%j)', async (rate, spacing) => {
    const { clock, limiter, released, track } = setup(rate);
    const total = rate.burst + 5;
    for (let i = 0; i < total; i += 1) void track(String(i), limiter.acquire(PORTAL, ['user.get']));
    await clock.advance(60_000);
    expect(released.map(([id]) => id)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    const times = released.map(([, at]) => at).slice(rate.burst - 1);
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? 0));
    expect(gaps).toEqual(Array.from({ length: 5 }, () => spacing));
  });

  it('never lets a later arrival overtake an earlier one', async () => {
    const { clock, limiter, released, track } = setup({ burst: 1, perSecond: 1 });
    void track('a', limiter.acquire(PORTAL, ['m1']));
    void track('b', limiter.acquire(PORTAL, ['m2']));
    await clock.advance(300);
    void track('c', limiter.acquire(PORTAL, ['batch'])); // arrives later, a batch with no listed methods
    void track('d', limiter.acquire(PORTAL, []));
    await clock.advance(5000);
    expect(released).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
      ['d', 3000],
    ]);
  });

  it('keeps portals independent', async () => {
    const { clock, limiter, released, track } = setup({ burst: 1, perSecond: 1 });
    void track('a1', limiter.acquire('https://a.bitrix24.com', ['m']));
    void track('a2', limiter.acquire('https://a.bitrix24.com', ['m']));
    void track('b1', limiter.acquire('https://b.bitrix24.com', ['m']));
    await clock.advance(0);
    expect(released.map(([id]) => id)).toEqual(['a1', 'b1']);
    expect(limiter.queueLength('https://a.bitrix24.com')).toBe(1);
    expect(limiter.queueLength('https://b.bitrix24.com')).toBe(0);
    expect(limiter.queueLength()).toBe(1);
  });

  it('keeps arrival order with an asynchronous (shared-store-like) store', async () => {
    const memory = new MemoryLimiterStore();
    const slow: LimiterStore = {
      takeTurn: async (...args) => {
        await new Promise<void>((resolve) => queueMicrotask(resolve)); // answers later, as a network store does
        return memory.takeTurn(...args);
      },
      withdraw: async (...args) => memory.withdraw(...args),
      markExhausted: async (...args) => memory.markExhausted(...args),
      blockMethod: async (...args) => memory.blockMethod(...args),
      methodBlockedUntil: async (...args) => memory.methodBlockedUntil(...args),
    };
    const { clock, limiter, released, track } = setup({ burst: 2, perSecond: 4 }, { store: slow });
    for (let i = 0; i < 5; i += 1) void track(String(i), limiter.acquire(PORTAL, ['m']));
    await clock.advance(10_000);
    expect(released).toEqual([
      ['0', 0],
      ['1', 0],
      ['2', 250],
      ['3', 500],
      ['4', 750],
    ]);
  });

  it("resolves at once with rate 'off'", async () => {
    const { limiter, released, track } = setup('off');
    for (let i = 0; i < 100; i += 1) void track(String(i), limiter.acquire(PORTAL, ['m']));
    await settle();
    expect(released).toHaveLength(100);
  });
});

describe('PortalLimiter: refusals', () => {
  it('refuses at once, with retryAfterMs, a request that would wait longer than maxWaitMs', async () => {
    const { clock, limiter, released, failures, track } = setup({ burst: 1, perSecond: 1 }, { maxWaitMs: 2500 });
    for (const id of ['a', 'b', 'c', 'd']) void track(id, limiter.acquire(PORTAL, ['sonet_group.user.request']));
    await settle();
    expectBitrixError(failures.d, {
      kind: 'rate_limited',
      code: LocalErrorCode.rateLimited,
      method: 'sonet_group.user.request',
      retryAfterMs: 3000,
    });
    expect(limiter.queueLength(PORTAL)).toBe(2);
    // The refused request reserved nothing: the next one is refused with the same hint, not a longer one.
    void track('e', limiter.acquire(PORTAL, []));
    await settle();
    expectBitrixError(failures.e, { kind: 'rate_limited', method: 'batch', retryAfterMs: 3000 });
    await clock.advance(500);
    void track('f', limiter.acquire(PORTAL, ['m']));
    await clock.advance(10_000);
    expect(released).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
      ['f', 3000],
    ]);
  });

  it('refuses beyond maxQueue at once and accepts again once the queue drains', async () => {
    const { clock, limiter, failures, track, released } = setup({ burst: 1, perSecond: 2 }, { maxQueue: 2 });
    for (const id of ['a', 'b', 'c', 'd']) void track(id, limiter.acquire(PORTAL, ['m']));
    await settle();
    expect(released.map(([id]) => id)).toEqual(['a']);
    expect(limiter.queueLength(PORTAL)).toBe(2);
    expectBitrixError(failures.d, { kind: 'rate_limited', code: LocalErrorCode.rateLimited, method: 'm' });
    expect((failures.d as Bitrix24Error).retryAfterMs).toBeGreaterThan(0);
    await clock.advance(500);
    void track('e', limiter.acquire(PORTAL, ['m']));
    await clock.advance(10_000);
    expect(released.map(([id]) => id)).toEqual(['a', 'b', 'c', 'e']);
  });

  it('removes an aborted caller from the queue at once, and the callers behind it move up', async () => {
    const { clock, limiter, failures, track, released } = setup({ burst: 1, perSecond: 1 });
    const controller = new AbortController();
    void track('a', limiter.acquire(PORTAL, ['m']));
    void track('b', limiter.acquire(PORTAL, ['m'], controller.signal));
    void track('c', limiter.acquire(PORTAL, ['m']));
    await settle();
    expect(limiter.queueLength(PORTAL)).toBe(2);
    expect(clock.pendingTimers()).toBe(2);
    controller.abort();
    expect(limiter.queueLength(PORTAL)).toBe(1); // synchronously, in the abort event
    expect(clock.pendingTimers()).toBe(1);
    await settle();
    expectBitrixError(failures.b, { kind: 'aborted', code: LocalErrorCode.aborted, method: 'm' });
    void track('d', limiter.acquire(PORTAL, ['m']));
    await clock.advance(10_000);
    // c takes the turn b left (1000 instead of 2000), d the one after it.
    expect(released).toEqual([
      ['a', 0],
      ['c', 1000],
      ['d', 2000],
    ]);
    expect(limiter.queueLength()).toBe(0);
  });

  it('rejects an already aborted signal without queueing', async () => {
    const { limiter } = setup({ burst: 1, perSecond: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(PORTAL, ['m'], controller.signal)).rejects.toMatchObject({
      kind: 'aborted',
      code: LocalErrorCode.aborted,
    });
    expect(limiter.queueLength()).toBe(0);
  });

  it('validates options up front', () => {
    const base = { rate: { burst: 50, perSecond: 2 }, maxWaitMs: 1000, maxQueue: 10 };
    expect(() => new PortalLimiter({ ...base, rate: { burst: 0, perSecond: 2 } })).toThrow(
      'PortalLimiter rate.burst must be a finite number >= 1 (Bitrix24: 50, Enterprise 250); received 0',
    );
    expect(() => new PortalLimiter({ ...base, maxWaitMs: -1 })).toThrow(
      'PortalLimiter maxWaitMs must be a finite number of ms >= 0; received -1',
    );
    expect(() => new PortalLimiter({ ...base, maxQueue: 0.5 })).toThrow(
      'PortalLimiter maxQueue must be an integer >= 1; received 0.5',
    );
  });
});

describe('PortalLimiter: upstream signals', () => {
  it('markExhausted delays the next request by one drain step', async () => {
    const { clock, limiter, released, track } = setup({ burst: 50, perSecond: 2 });
    void track('a', limiter.acquire(PORTAL, ['m']));
    await clock.advance(100);
    void limiter.markExhausted(PORTAL);
    void track('b', limiter.acquire(PORTAL, ['m']));
    void track('c', limiter.acquire(PORTAL, ['m']));
    await clock.advance(10_000);
    expect(released).toEqual([
      ['a', 0],
      ['b', 600],
      ['c', 1100],
    ]);
  });

  it('waits for a blocked method within the deadline without holding back other methods', async () => {
    const { clock, limiter, released, track } = setup({ burst: 10, perSecond: 2 }, { maxWaitMs: 10_000 });
    void limiter.blockMethod(PORTAL, 'sonet_group.get', 5000);
    void track('batch', limiter.acquire(PORTAL, ['user.current', 'sonet_group.get']));
    void track('other', limiter.acquire(PORTAL, ['user.current']));
    await clock.advance(4999);
    expect(released).toEqual([['other', 0]]);
    expect(limiter.queueLength(PORTAL)).toBe(1);
    await clock.advance(1);
    expect(released).toEqual([
      ['other', 0],
      ['batch', 5000],
    ]);
  });

  it('refuses at once when a method is blocked past the deadline', async () => {
    const { limiter, failures, track } = setup({ burst: 10, perSecond: 2 }, { maxWaitMs: 10_000 });
    void limiter.blockMethod(PORTAL, 'sonet_group.get', 20_000);
    void track('x', limiter.acquire(PORTAL, ['user.current', 'sonet_group.get']));
    await settle();
    expectBitrixError(failures.x, {
      kind: 'rate_limited',
      code: LocalErrorCode.rateLimited,
      method: 'sonet_group.get',
      retryAfterMs: 20_000,
    });
    expect(limiter.queueLength()).toBe(0);
  });

  it("honours method blocks with rate 'off', and an abort while blocked", async () => {
    const { clock, limiter, released, failures, track } = setup('off', { maxWaitMs: 10_000 });
    void limiter.blockMethod(PORTAL, 'm', 3000);
    const controller = new AbortController();
    void track('a', limiter.acquire(PORTAL, ['m']));
    void track('b', limiter.acquire(PORTAL, ['m'], controller.signal));
    void track('c', limiter.acquire(PORTAL, ['n']));
    await settle();
    expect(released).toEqual([['c', 0]]);
    controller.abort();
    expect(limiter.queueLength(PORTAL)).toBe(1);
    await clock.advance(3000);
    expect(released).toEqual([
      ['c', 0],
      ['a', 3000],
    ]);
    expectBitrixError(failures.b, { kind: 'aborted' });
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('PortalLimiter: operations first', () => {
  it('lets a follow-up request overtake queued first requests, in arrival order among each kind', async () => {
    const { clock, limiter, released, track } = setup({ burst: 1, perSecond: 1 });
    void track('op1-first', limiter.acquire(PORTAL, ['m']));
    void track('op2-first', limiter.acquire(PORTAL, ['m']));
    void track('op3-first', limiter.acquire(PORTAL, ['m']));
    await clock.advance(100);
    // op1's second request arrives after op2's and op3's first ones, and still goes next.
    void track('op1-second', limiter.acquire(PORTAL, ['m'], { followUp: true }));
    await clock.advance(100);
    void track('op1-third', limiter.acquire(PORTAL, ['m'], { followUp: true }));
    await clock.advance(10_000);
    expect(released).toEqual([
      ['op1-first', 0],
      ['op1-second', 1000],
      ['op1-third', 2000],
      ['op2-first', 3000],
      ['op3-first', 4000],
    ]);
  });

  it('never lets a follow-up overtake a first request older than the head start (no starvation)', async () => {
    const { clock, limiter, released, track } = setup({ burst: 1, perSecond: 1 }, { firstRequestHeadStartMs: 1500 });
    void track('a-first', limiter.acquire(PORTAL, ['m']));
    void track('b-first', limiter.acquire(PORTAL, ['m'])); // ranks as if it arrived at 1500
    await clock.advance(500);
    void track('a-second', limiter.acquire(PORTAL, ['m'], { followUp: true })); // rank 500: ahead of b
    await clock.advance(1200);
    void track('a-third', limiter.acquire(PORTAL, ['m'], { followUp: true })); // rank 1700: behind b
    await clock.advance(10_000);
    expect(released).toEqual([
      ['a-first', 0],
      ['a-second', 1000],
      ['b-first', 2000],
      ['a-third', 3000],
    ]);
  });

  it('validates firstRequestHeadStartMs', () => {
    expect(
      () => new PortalLimiter({ rate: { burst: 1, perSecond: 1 }, maxWaitMs: 1, maxQueue: 1, firstRequestHeadStartMs: -1 }),
    ).toThrow('PortalLimiter firstRequestHeadStartMs must be a finite number of ms >= 0; received -1');
  });
});
