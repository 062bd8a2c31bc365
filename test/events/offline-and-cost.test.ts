/**
 * Offline polling (BITRIX24_EVENTS=offline: the gateway reads the portal's queue with an administrator token) and
 * the cost of one event for many subscribers, counted in the sandbox's request log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS, type Sandbox } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bindIntake, bindOffline, GROUP_CHANGED, restCall, SANDBOX_APPLICATION_TOKEN, subscribeSse, subscribeWs, connectWs, type LiveStream } from './live-helpers.js';

const F = SEED_FACTS;

function openGroupAndOutsider(sandbox: Sandbox): { groupId: number; outsiderToken: string } {
  const store = sandbox.store;
  const group = store
    .groups()
    .find((g) => g.opened === 'Y' && g.visible === 'Y' && g.active === 'Y' && g.closed === 'N' && !store.relation(g.id, F.demoUserId) && !store.relation(g.id, F.demoUser2Id));
  if (!group) throw new Error('the seed has no open group without the demo users');
  const outsider = store.users().find((u) => u.active && u.id > 10 && !store.relation(group.id, u.id));
  if (!outsider) throw new Error('no outsider');
  store.addToken(`outsider-${outsider.id}`, outsider.id);
  return { groupId: group.id, outsiderToken: `outsider-${outsider.id}` };
}

async function subscribed(h: Harness, count: number): Promise<void> {
  for (let i = 0; i < 1000 && h.gateway.live.hub.subscriptionCount < count; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(h.gateway.live.hub.subscriptionCount).toBe(count);
  await h.gateway.live.hub.idle();
}

describe('offline polling', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { BITRIX24_EVENTS: 'offline', BITRIX24_EVENTS_ADMIN_TOKEN: DEMO_TOKENS.admin, BITRIX24_EVENTS_POLL_MS: '50' },
    });
  });
  afterAll(() => h.close());

  it.each(['SSE', 'WebSocket'])('a change made at the portal arrives through event.offline.get, then is acknowledged (%s)', async (transport) => {
    h.reset();
    await bindOffline(h.sandbox);
    const { groupId, outsiderToken } = openGroupAndOutsider(h.sandbox);
    let stream: LiveStream;
    let dispose = async (): Promise<void> => undefined;
    if (transport === 'SSE') {
      stream = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(groupId)] }, DEMO_TOKENS.user);
    } else {
      const { client } = connectWs(h.url, DEMO_TOKENS.user);
      stream = subscribeWs(client, GROUP_CHANGED, { ids: [String(groupId)] });
      dispose = () => client.dispose() as Promise<void>;
    }
    await subscribed(h, 1);
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: groupId }, outsiderToken);
    const message = await stream.next();
    expect(message.data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(groupId) });
    // acknowledged: event.offline.clear with the process id event.offline.get reserved the rows for
    for (let i = 0; i < 100 && h.sandbox.events.offlineRows().length > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(h.sandbox.events.offlineRows()).toEqual([]);
    const log = h.sandbox.requestLog();
    const get = log.find((e) => e.method === 'event.offline.get' && e.status === 200);
    expect(get?.params).toMatchObject({ clear: 0 });
    expect(log.some((e) => e.method === 'event.offline.clear' && e.status === 200)).toBe(true);
    await stream.close();
    await dispose();
  });

  it('an update and a delete of one group in the queue: one DELETED, nothing read for the update', async () => {
    h.reset();
    const { groupId, outsiderToken } = openGroupAndOutsider(h.sandbox);
    const stream = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(groupId)] }, DEMO_TOKENS.user);
    await subscribed(h, 1);
    await h.gateway.live.poller!.stop();
    await bindOffline(h.sandbox);
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: groupId }, outsiderToken);
    await restCall(h.sandbox, 'sonet_group.delete', { GROUP_ID: groupId }, DEMO_TOKENS.admin);
    expect(h.sandbox.events.offlineRows().map((r) => r.eventName)).toEqual(['ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']);
    h.sandbox.clearLog();
    expect(await h.gateway.live.poller!.pollOnce()).toBe(1);
    const message = await stream.next();
    expect(message.data?.groupChanged).toEqual({ kind: 'DELETED', groupId: String(groupId), group: null });
    await h.gateway.live.hub.idle();
    // event.offline.get, event.offline.clear, and one re-read for the one subscriber
    expect(h.sandbox.requestLog().map((e) => e.method)).toEqual(['event.offline.get', 'event.offline.clear', 'batch']);
    await stream.close();
  });
});

describe('cost of one event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BITRIX24_APPLICATION_TOKEN: SANDBOX_APPLICATION_TOKEN } });
  });
  afterAll(() => h.close());
  afterEach(() => h.reset());

  it('10 subscribers of one user and 10 of another on one group: at most 4 upstream requests in all', async () => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const { groupId, outsiderToken } = openGroupAndOutsider(h.sandbox);
    const streams: LiveStream[] = [];
    const clients: { dispose(): void | Promise<void> }[] = [];
    for (const token of [DEMO_TOKENS.user, DEMO_TOKENS.user2]) {
      for (let i = 0; i < 5; i += 1) streams.push(await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(groupId)] }, token));
      const { client } = connectWs(h.url, token);
      clients.push(client);
      for (let i = 0; i < 5; i += 1) streams.push(subscribeWs(client, GROUP_CHANGED, { ids: [String(groupId)] }));
    }
    await subscribed(h, 20);
    h.sandbox.clearLog();
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: groupId }, outsiderToken);
    const messages = await Promise.all(streams.map((s) => s.next()));
    for (const m of messages) expect(m.data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(groupId) });
    await h.gateway.live.hub.idle();
    const reads = h.sandbox.requestLog().filter((e) => e.method !== 'sonet_group.user.request');
    expect(reads.length).toBeLessThanOrEqual(4);
    // one batch per user, each read as that user
    expect(reads.filter((e) => e.user === F.demoUserId)).toHaveLength(1);
    expect(reads.filter((e) => e.user === F.demoUser2Id)).toHaveLength(1);
    await Promise.all(streams.map((s) => s.close()));
    await Promise.all(clients.map((c) => c.dispose()));
  });
});
