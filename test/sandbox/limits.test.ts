import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, fakeClock, start } from './helpers.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('leaky bucket (per portal)', () => {
  it('burst requests pass, the next gets 503 QUERY_LIMIT_EXCEEDED, the fake clock refills', async () => {
    const clock = fakeClock();
    sb = await start({ rateLimit: { burst: 5, perSecond: 2 }, now: clock.now });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(sb, 'user.current', {}, i % 2 ? DEMO_TOKENS.user : DEMO_TOKENS.admin)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 503, 503]);
    const refused = await call(sb, 'user.current');
    expect(refused.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    clock.advance(499);
    expect((await call(sb, 'user.current')).status).toBe(503);
    clock.advance(1); // 0.5 s at 2/s drains one slot; refused requests did not fill the bucket
    expect((await call(sb, 'user.current')).status).toBe(200);
    expect((await call(sb, 'user.current')).status).toBe(503);
    clock.advance(2500); // five slots
    const after: number[] = [];
    for (let i = 0; i < 6; i++) after.push((await call(sb, 'user.current')).status);
    expect(after).toEqual([200, 200, 200, 200, 200, 503]);
    const log = sb.requestLog();
    expect(log.filter((e) => e.status === 503).every((e) => e.error === 'QUERY_LIMIT_EXCEEDED')).toBe(true);
  });

  it('a batch counts once; unauthenticated requests count too; reset empties the bucket', async () => {
    const clock = fakeClock();
    sb = await start({ rateLimit: { burst: 2, perSecond: 1 }, now: clock.now });
    const b = await call(sb, 'batch', { cmd: Array.from({ length: 10 }, () => 'user.current') });
    expect(b.status).toBe(200);
    expect((await call(sb, 'user.current', {}, null)).status).toBe(401);
    expect((await call(sb, 'user.current')).status).toBe(503);
    sb.reset();
    expect((await call(sb, 'user.current')).status).toBe(200);
  });

  it("'off' never refuses", async () => {
    sb = await start({ rateLimit: 'off' });
    for (let i = 0; i < 60; i++) expect((await call(sb, 'user.current')).status).toBe(200);
  });
});

describe('operating time limit', () => {
  it('429 OPERATION_TIME_LIMIT on the call after the sum exceeds the limit; per method; window resets', async () => {
    const clock = fakeClock();
    sb = await start({ operatingLimit: { limitMs: 250, costMsPerCall: 100 }, now: clock.now });
    const ops: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(sb, 'user.current');
      expect(r.status).toBe(200);
      ops.push(r.body.time.operating);
    }
    expect(ops).toEqual([0.1, 0.2, 0.3]);
    const blocked = await call(sb, 'user.current');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' });
    expect((await call(sb, 'user.get', { ID: 1 })).status).toBe(200); // another method is not blocked
    const resetAt = Math.floor(clock.value() / 1000) + 600;
    clock.advance(599_999);
    expect((await call(sb, 'user.current')).status).toBe(429);
    clock.advance(1);
    expect(Math.floor(clock.value() / 1000)).toBe(resetAt);
    const ok = await call(sb, 'user.current');
    expect(ok.status).toBe(200);
    expect(ok.body.time.operating).toBe(0.1);
    expect(ok.body.time.operating_reset_at).toBe(resetAt + 600);
  });

  it('inside a batch the sub-call gets it item-level; the outer batch is not counted', async () => {
    const clock = fakeClock();
    sb = await start({ operatingLimit: { limitMs: 150, costMsPerCall: 100 }, now: clock.now });
    const r = await call(sb, 'batch', { cmd: ['user.current', 'user.current', 'user.current', 'user.get?ID=1'] });
    expect(r.status).toBe(200);
    expect(r.body.result.result_error).toEqual({
      '2': { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' },
    });
    expect(r.body.result.result_time['1'].operating).toBe(0.2);
    expect(r.body.time.operating).toBe(0);
    expect((await call(sb, 'batch', { cmd: ['user.get?ID=2'] })).status).toBe(200);
  });

  it('tokens of different apps have separate sums', async () => {
    const clock = fakeClock();
    sb = await start({ operatingLimit: { limitMs: 50, costMsPerCall: 100 }, now: clock.now });
    sb.store.addToken('other-app-token', 2, { app: 'other-app' });
    expect((await call(sb, 'user.current')).status).toBe(200);
    expect((await call(sb, 'user.current')).status).toBe(429);
    expect((await call(sb, 'user.current', {}, 'other-app-token')).status).toBe(200);
  });
});
