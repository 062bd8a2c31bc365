import { describe, expect, it } from 'vitest';
import { LiveUpdateError } from '../../../../src/events/live/errors.js';
import { createOutbox } from '../../../../src/events/live/queue.js';
import { endWithErrorValue } from '../../../../src/events/live/stream.js';

describe('endWithErrorValue', () => {
  it('passes values, then turns the ending error into one last value, then completes', async () => {
    const out = createOutbox<number>(5, () => undefined);
    const stream = endWithErrorValue(out);
    out.push(1);
    expect(await stream.next()).toEqual({ value: { ok: true, value: 1 }, done: false });
    out.fail(new LiveUpdateError('UNAUTHENTICATED', 'expired'));
    const last = await stream.next();
    expect(last.value).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('return() closes the source', async () => {
    let closed = 0;
    const stream = endWithErrorValue(createOutbox<number>(5, () => closed++));
    await stream.return!();
    expect(closed).toBe(1);
  });
});
