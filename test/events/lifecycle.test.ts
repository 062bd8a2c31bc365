/** The gateway's live updates over their life: one change sink per portal, one close of the hub at shutdown. */
import { describe, expect, it, vi } from 'vitest';
import { startHarness } from '../helpers/harness.js';

describe('live updates in the gateway', () => {
  it('hands out one change sink per portal, not one per request', async () => {
    const h = await startHarness();
    const origin = h.config.portalUrl.origin;
    expect(h.gateway.live.changesFor(origin)).toBe(h.gateway.live.changesFor(origin));
    await h.close();
  });

  it('closes the hub once at shutdown', async () => {
    const h = await startHarness();
    const close = vi.spyOn(h.gateway.live.hub, 'close');
    await h.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
