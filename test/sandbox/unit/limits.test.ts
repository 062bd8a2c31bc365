import { describe, expect, it } from 'vitest';
import { addToBaskets, OperatingTracker, operatingState } from '../../../src/sandbox/operating-limit.js';
import { emptyBucket, LeakyBucket, takeFromBucket } from '../../../src/sandbox/rate-limit.js';

describe('leaky bucket arithmetic', () => {
  const cfg = { burst: 3, perSecond: 2 };

  it('allows burst requests, refuses the next one without filling the bucket', () => {
    let s = emptyBucket(0);
    const allowed: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const r = takeFromBucket(s, 0, cfg);
      allowed.push(r.allowed);
      s = r.state;
    }
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(s.level).toBe(3);
  });

  it('drains at perSecond', () => {
    let s = { level: 3, updatedAt: 0 };
    expect(takeFromBucket(s, 499, cfg).allowed).toBe(false); // 3 - 0.998 + 1 > 3
    const r = takeFromBucket(s, 500, cfg); // drained to 2 → 3
    expect(r.allowed).toBe(true);
    expect(r.state.level).toBeCloseTo(3);
    s = r.state;
    expect(takeFromBucket(s, 10_000, cfg).state.level).toBe(1); // fully drained, then +1
  });

  it('LeakyBucket uses the injected clock', () => {
    let t = 1000;
    const b = new LeakyBucket({ burst: 2, perSecond: 1 }, () => t);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    t += 1000;
    expect([b.take(), b.take()]).toEqual([true, false]);
    b.reset();
    expect(b.take()).toBe(true);
  });
});

describe('operating-time baskets', () => {
  const cfg = { limitMs: 250, windowMs: 600_000, costMsPerCall: 100 };

  it('sums per one-minute basket and expires each basket windowMs after its first call', () => {
    let b = addToBaskets([], 10_000, 100, cfg);
    b = addToBaskets(b, 20_000, 100, cfg); // same minute
    b = addToBaskets(b, 70_000, 100, cfg); // next minute
    expect(b).toHaveLength(2);
    expect(operatingState(b, 70_000, cfg)).toEqual({ operatingMs: 300, resetAtMs: 610_000 });
    expect(operatingState(b, 610_000, cfg)).toEqual({ operatingMs: 100, resetAtMs: 670_000 });
    expect(operatingState(b, 670_000, cfg)).toEqual({ operatingMs: 0, resetAtMs: 1_270_000 });
  });

  it('blocks the call after the one that pushed the sum over the limit', () => {
    const t = new OperatingTracker(cfg, true);
    const verdicts: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const blocked = t.isBlocked('app', 'm', 1000);
      verdicts.push(blocked);
      if (!blocked) t.charge('app', 'm', 1000);
    }
    expect(verdicts).toEqual([false, false, false, true]); // 100, 200, 300 (> 250) → blocked
    expect(t.isBlocked('app', 'other', 1000)).toBe(false);
    expect(t.isBlocked('other-app', 'm', 1000)).toBe(false);
    expect(t.isBlocked('app', 'm', 601_000)).toBe(false);
  });

  it('never blocks and charges nothing when not enforced', () => {
    const t = new OperatingTracker(cfg, false);
    for (let i = 0; i < 10; i++) t.charge('app', 'm', 0);
    expect(t.isBlocked('app', 'm', 0)).toBe(false);
    expect(t.peek('app', 'm', 0).operatingMs).toBe(0);
  });
});
