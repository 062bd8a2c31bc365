import { describe, expect, it } from 'vitest';
import {
  type BucketConfig,
  type BucketState,
  drain,
  exhausted,
  parseRateLimit,
  release,
  reserve,
  validateBucketConfig,
  withHeadroom,
} from '../../src/bitrix24/leaky-bucket.js';

const STANDARD: BucketConfig = { burst: 50, perSecond: 2 };
const EMPTY: BucketState = { level: 0, updatedAtMs: 0 };

describe('parseRateLimit', () => {
  it.each([
    ['50/2', { burst: 50, perSecond: 2 }],
    ['250/5', { burst: 250, perSecond: 5 }],
    ['20/40', { burst: 20, perSecond: 40 }],
    [' 10 / 0.5 ', { burst: 10, perSecond: 0.5 }],
    ['off', 'off'],
    ['OFF', 'off'],
  ] as const)('parses %j', (value, expected) => {
    expect(parseRateLimit(value, 'BITRIX24_RATE_LIMIT', STANDARD)).toEqual(expected);
  });

  it('returns the fallback when unset or blank', () => {
    expect(parseRateLimit(undefined, 'BITRIX24_RATE_LIMIT', STANDARD)).toEqual(STANDARD);
    expect(parseRateLimit('  ', 'BITRIX24_RATE_LIMIT', 'off')).toBe('off');
  });

  it.each(['abc', '50', '50/', '/2', '50/2/1', '-1/2', '0/2', '50/0', '1e3/2', 'on'])('rejects %j', (value) => {
    expect(() => parseRateLimit(value, 'BITRIX24_RATE_LIMIT', STANDARD)).toThrow(
      `BITRIX24_RATE_LIMIT must be "burst/perSecond" (e.g. "50/2", Enterprise "250/5") or "off"`,
    );
    expect(() => parseRateLimit(value, 'BITRIX24_RATE_LIMIT', STANDARD)).toThrow(`received ${JSON.stringify(value)}`);
  });

  it('names the exact message of the brief', () => {
    expect(() => parseRateLimit('abc', 'BITRIX24_RATE_LIMIT', STANDARD)).toThrow(
      'BITRIX24_RATE_LIMIT must be "burst/perSecond" (e.g. "50/2", Enterprise "250/5") or "off"; received "abc"',
    );
  });
});

describe('validateBucketConfig', () => {
  it.each([
    [{ burst: 0, perSecond: 2 }, 'burst must be a finite number >= 1'],
    [{ burst: Number.NaN, perSecond: 2 }, 'received NaN'],
    [{ burst: 50, perSecond: 0 }, 'perSecond must be a finite number > 0'],
    [{ burst: 50, perSecond: Number.POSITIVE_INFINITY }, 'received Infinity'],
  ])('rejects %j', (config, message) => {
    expect(() => validateBucketConfig(config)).toThrow(message);
    expect(() => reserve(EMPTY, 0, config)).toThrow(message);
  });
});

describe('drain', () => {
  it('drains perSecond per second, never below zero', () => {
    expect(drain({ level: 10, updatedAtMs: 0 }, 1000, STANDARD)).toEqual({ level: 8, updatedAtMs: 1000 });
    expect(drain({ level: 10, updatedAtMs: 0 }, 2500, STANDARD)).toEqual({ level: 5, updatedAtMs: 2500 });
    expect(drain({ level: 1, updatedAtMs: 0 }, 60_000, STANDARD)).toEqual({ level: 0, updatedAtMs: 60_000 });
  });

  it('leaves a state with reservations ahead of now untouched', () => {
    const ahead = { level: 50, updatedAtMs: 5000 };
    expect(drain(ahead, 1000, STANDARD)).toBe(ahead);
  });
});

describe('reserve', () => {
  it('lets a burst through at once, then spaces requests 1000/perSecond apart', () => {
    const config = { burst: 3, perSecond: 2 };
    let state = EMPTY;
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const result = reserve(state, 0, config);
      state = result.state;
      waits.push(result.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500]);
    expect(state).toEqual({ level: 3, updatedAtMs: 1500 });
  });

  it.each([
    [{ burst: 50, perSecond: 2 }, 500],
    [{ burst: 250, perSecond: 5 }, 200],
    [{ burst: 20, perSecond: 40 }, 25],
    [{ burst: 10, perSecond: 3 }, 1000 / 3],
  ])('never lets the upstream level exceed burst (%j)', (config, spacing) => {
    // Requests arrive in clumps at irregular times; replay the upstream bucket at each send time.
    let state = EMPTY;
    const sends: number[] = [];
    let now = 0;
    for (let i = 0; i < 600; i += 1) {
      now += i % 37 === 0 ? 3000 : i % 5 === 0 ? 7 : 0;
      const result = reserve(state, now, config);
      state = result.state;
      sends.push(now + result.waitMs);
    }
    for (let i = 1; i < sends.length; i += 1) expect(sends[i]).toBeGreaterThanOrEqual(sends[i - 1] ?? 0);
    let level = 0;
    let at = 0;
    for (const sendAt of sends) {
      level = Math.max(0, level - ((sendAt - at) * config.perSecond) / 1000) + 1;
      at = sendAt;
      expect(level).toBeLessThanOrEqual(config.burst + 1e-9);
    }
    // Once saturated, consecutive sends are one drain step apart (rounded up to whole ms).
    const saturated = reserve(exhausted(now, config, state), now, config);
    expect(saturated.waitMs).toBe(Math.ceil(Math.max(state.updatedAtMs, now) - now + spacing - 1e-6));
  });

  it('fits again after the bucket drains', () => {
    const full = { level: 50, updatedAtMs: 0 };
    expect(reserve(full, 0, STANDARD).waitMs).toBe(500);
    expect(reserve(full, 500, STANDARD).waitMs).toBe(0);
    expect(reserve(full, 10_000, STANDARD)).toEqual({ state: { level: 31, updatedAtMs: 10_000 }, waitMs: 0 });
  });
});

describe('exhausted and release', () => {
  it('resyncs to a full bucket: the next request waits one drain step', () => {
    const state = exhausted(1000, STANDARD);
    expect(state).toEqual({ level: 50, updatedAtMs: 1000 });
    expect(reserve(state, 1000, STANDARD).waitMs).toBe(500);
  });

  it('keeps slots already reserved ahead of now and counts full after them', () => {
    expect(exhausted(1000, STANDARD, { level: 50, updatedAtMs: 4000 })).toEqual({ level: 50, updatedAtMs: 4000 });
    expect(exhausted(1000, STANDARD, { level: 3, updatedAtMs: 0 })).toEqual({ level: 50, updatedAtMs: 1000 });
  });

  it('release gives one slot back, exactly undoing the last reservation', () => {
    const before = { level: 50, updatedAtMs: 0 };
    const { state } = reserve(before, 0, STANDARD);
    expect(release(state, 0, STANDARD)).toEqual(drain(before, 500, STANDARD));
    expect(release(EMPTY, 0, STANDARD).level).toBe(0);
  });
});

describe('withHeadroom', () => {
  it.each([
    [{ burst: 50, perSecond: 2 }, { burst: 45, perSecond: 2 }],
    [{ burst: 250, perSecond: 5 }, { burst: 225, perSecond: 5 }],
    [{ burst: 20, perSecond: 100 }, { burst: 18, perSecond: 100 }],
    [{ burst: 5, perSecond: 1 }, { burst: 4, perSecond: 1 }],
    [{ burst: 1, perSecond: 1 }, { burst: 1, perSecond: 1 }],
  ])('%o shapes to %o', (config, expected) => {
    expect(withHeadroom(config)).toEqual(expected);
  });
});
