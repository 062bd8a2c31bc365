import { describe, expect, it } from 'vitest';
import {
  type BucketConfig,
  type BucketState,
  decideTurn,
  drain,
  exhausted,
  parseRateLimit,
  queueRank,
  replicaShare,
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
    expect(() => decideTurn(EMPTY, 0, 0, config)).toThrow(message);
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

describe('exhausted', () => {
  it('resyncs to a full bucket: the next request waits one drain step', () => {
    const state = exhausted(1000, STANDARD);
    expect(state).toEqual({ level: 50, updatedAtMs: 1000 });
    expect(decideTurn(state, 0, 1000, STANDARD).waitMs).toBe(500);
  });

  it('never moves the bucket\'s stamp backwards', () => {
    expect(exhausted(1000, STANDARD, { level: 50, updatedAtMs: 4000 })).toEqual({ level: 50, updatedAtMs: 4000 });
    expect(exhausted(1000, STANDARD, { level: 3, updatedAtMs: 0 })).toEqual({ level: 50, updatedAtMs: 1000 });
  });
});

describe('withHeadroom', () => {
  it.each([
    [{ burst: 50, perSecond: 2 }, { burst: 45, perSecond: 2 }],
    [{ burst: 250, perSecond: 5 }, { burst: 225, perSecond: 5 }],
    [{ burst: 20, perSecond: 4 }, { burst: 16, perSecond: 4 }],
    [{ burst: 20, perSecond: 10 }, { burst: 10, perSecond: 10 }],
    [{ burst: 20, perSecond: 100 }, { burst: 10, perSecond: 100 }],
    [{ burst: 5, perSecond: 1 }, { burst: 4, perSecond: 1 }],
    [{ burst: 1, perSecond: 1 }, { burst: 1, perSecond: 1 }],
  ])('%o shapes to %o', (config, expected) => {
    expect(withHeadroom(config)).toEqual(expected);
  });
});

describe('decideTurn (the shared queue\'s decision; the Lua twin is checked against it in test/redis)', () => {
  const config = { burst: 3, perSecond: 2 };
  it.each([
    // [state, position, now, granted, waitMs, level after]
    [{ level: 0, updatedAtMs: 0 }, 0, 0, true, 0, 1],
    [{ level: 2, updatedAtMs: 0 }, 0, 0, true, 0, 3],
    [{ level: 3, updatedAtMs: 0 }, 0, 0, false, 500, 3],
    [{ level: 3, updatedAtMs: 0 }, 1, 0, false, 1000, 3],
    [{ level: 3, updatedAtMs: 0 }, 0, 500, true, 0, 3],
    [{ level: 3, updatedAtMs: 0 }, 0, 499, false, 1, 2.002],
    [{ level: 1, updatedAtMs: 0 }, 1, 0, true, 0, 2],
    [{ level: 1, updatedAtMs: 0 }, 2, 0, false, 500, 1],
    // Stamped by a replica whose clock runs ahead: nothing drains until this clock passes the stamp.
    [{ level: 3, updatedAtMs: 1000 }, 0, 0, false, 500, 3],
    [{ level: 3, updatedAtMs: 1000 }, 0, 900, false, 500, 3],
  ] as const)('%j at position %i, now %i: granted %s, wait %i', (state, position, now, granted, waitMs, level) => {
    const decision = decideTurn(state, position, now, config);
    expect(decision.granted).toBe(granted);
    expect(decision.waitMs).toBe(waitMs);
    expect(decision.state.level).toBeCloseTo(level, 9);
  });

  it('refuses a position that is not a whole number >= 0', () => {
    expect(() => decideTurn({ level: 0, updatedAtMs: 0 }, -1, 0, config)).toThrow('position must be an integer >= 0; received -1');
  });
});

describe('queueRank and replicaShare', () => {
  it('ranks first requests behind follow-ups that arrive within the head start', () => {
    expect(queueRank(1000, true, 60_000)).toBe(1000);
    expect(queueRank(1000, false, 60_000)).toBe(61_000);
  });

  it.each([
    [{ burst: 45, perSecond: 2 }, 3, { burst: 15, perSecond: 2 / 3 }],
    [{ burst: 18, perSecond: 4 }, 4, { burst: 4, perSecond: 1 }],
    [{ burst: 2, perSecond: 2 }, 5, { burst: 1, perSecond: 0.4 }],
    [{ burst: 50, perSecond: 2 }, 1, { burst: 50, perSecond: 2 }],
  ])('%j shared by %i replicas: %j each', (config, replicas, share) => {
    expect(replicaShare(config, replicas)).toEqual(share);
  });

  it('refuses a replica count below 1', () => {
    expect(() => replicaShare({ burst: 50, perSecond: 2 }, 0)).toThrow('replicas must be an integer >= 1; received 0');
  });
});
