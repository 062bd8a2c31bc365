import { describe, expect, it } from 'vitest';
import { LiveUpdateError } from '../../../../src/events/live/errors.js';
import { createOutbox } from '../../../../src/events/live/queue.js';

describe('createOutbox', () => {
  it('delivers pushed values in order, to a waiting and to a later reader', async () => {
    const out = createOutbox<number>(10, () => undefined);
    const first = out.next();
    out.push(1);
    out.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await out.next()).toEqual({ value: 2, done: false });
  });

  it('ends a consumer that falls more than maxQueued behind with SLOW_CONSUMER, and runs onClose once', async () => {
    let closes = 0;
    const out = createOutbox<number>(2, () => closes++);
    out.push(1);
    out.push(2);
    out.push(3);
    expect(out.closed).toBe(true);
    expect(closes).toBe(1);
    const error = await out.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveUpdateError);
    expect((error as LiveUpdateError).code).toBe('SLOW_CONSUMER');
    expect(await out.next()).toEqual({ value: undefined, done: true });
  });

  it('return() completes a pending read and closes once', async () => {
    let closes = 0;
    const out = createOutbox<number>(2, () => closes++);
    const pending = out.next();
    await out.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    out.push(1);
    expect(await out.next()).toEqual({ value: undefined, done: true });
    expect(closes).toBe(1);
  });

  it('fail() rejects a pending read with the error', async () => {
    const out = createOutbox<number>(2, () => undefined);
    const pending = out.next();
    out.fail(new LiveUpdateError('UNAUTHENTICATED', 'expired'));
    await expect(pending).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
