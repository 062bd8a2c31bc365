import { describe, expect, it } from 'vitest';
import { LiveHub, type LiveReader } from '../../../../src/events/index.js';

/** A hub whose reads wait until `release()`. */
function gatedHub(): { hub: LiveHub<string, null>; release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reader: LiveReader<string> = {
    group: async (id) => (await gate, `group ${id}`),
    members: async () => (await gate, []),
    viewerGroups: async () => (await gate, new Map()),
  };
  const hub = new LiveHub<string, null>({
    openRead: () => ({ reader, loaders: null }),
    isAuthFailure: () => false,
    maxSubscriptionsPerToken: 5,
    maxQueuedPerSubscription: 5,
    maxGroupsPerSubscription: 5,
  });
  return { hub, release };
}

const caller = { token: 't', portal: 'https://portal.bitrix24.com' };

describe('LiveHub: a subscription the hub closes while its first read runs', () => {
  it.each([
    ['before the read starts', false],
    ['during the read', true],
  ])('groupChanged ends with SHUTTING_DOWN, not UNAUTHENTICATED (%s)', async (_when, started) => {
    const { hub, release } = gatedHub();
    const watching = hub.watchGroups(caller, [1]);
    if (started) await new Promise((resolve) => setImmediate(resolve));
    hub.close();
    release();
    await expect(watching).rejects.toMatchObject({ name: 'LiveUpdateError', code: 'SHUTTING_DOWN' });
  });

  it('viewerGroupsChanged too', async () => {
    const { hub, release } = gatedHub();
    const watching = hub.watchViewerGroups(caller);
    await new Promise((resolve) => setImmediate(resolve));
    hub.close();
    release();
    await expect(watching).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
