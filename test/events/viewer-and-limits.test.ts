/** viewerGroupsChanged, and the bounds on the fan-out: per connection, per token, heartbeats. */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS, type Sandbox } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bindIntake, connectWs, restCall, GROUP_CHANGED, SANDBOX_APPLICATION_TOKEN, subscribeSse, subscribeWs, VIEWER_GROUPS_CHANGED } from './live-helpers.js';

const F = SEED_FACTS;

function openGroupWithoutDemoUsers(sandbox: Sandbox): number {
  const store = sandbox.store;
  const group = store
    .groups()
    .find((g) => g.opened === 'Y' && g.visible === 'Y' && g.active === 'Y' && g.closed === 'N' && !store.relation(g.id, F.demoUserId) && !store.relation(g.id, F.demoUser2Id));
  if (!group) throw new Error('the seed has no open group without the demo users');
  return group.id;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      BITRIX24_APPLICATION_TOKEN: SANDBOX_APPLICATION_TOKEN,
      SUBSCRIPTIONS_MAX_PER_CONNECTION: '2',
      SUBSCRIPTIONS_MAX_PER_TOKEN: '3',
      SUBSCRIPTIONS_HEARTBEAT_MS: '200',
    },
  });
});
afterAll(() => h.close());

async function subscribed(count: number): Promise<void> {
  for (let i = 0; i < 500 && h.gateway.live.hub.subscriptionCount !== count; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(h.gateway.live.hub.subscriptionCount).toBe(count);
  await h.gateway.live.hub.idle();
}

describe('viewerGroupsChanged', () => {
  it.each(['SSE', 'WebSocket'])("reports the caller's own join through the gateway, with the group (%s)", async (transport) => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const groupId = openGroupWithoutDemoUsers(h.sandbox);
    const { client } = connectWs(h.url, DEMO_TOKENS.user2);
    const stream = transport === 'SSE' ? await subscribeSse(h.url, VIEWER_GROUPS_CHANGED, {}, DEMO_TOKENS.user2) : subscribeWs(client, VIEWER_GROUPS_CHANGED, {});
    await subscribed(1);
    const join = await h.gql(`mutation { requestGroupMembership(groupId: "${groupId}") { __typename } }`, {}, DEMO_TOKENS.user2);
    expect(join.body.errors).toBeUndefined();
    const message = await stream.next();
    expect(message.data?.viewerGroupsChanged).toEqual({ groupId: String(groupId), group: { id: String(groupId), name: expect.any(String) } });
    await stream.close();
    await client.dispose();
    await subscribed(0);
  });

  it('an event costs 1 upstream request for that user: their groups, their standing in the group named and the group, in one batch', async () => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const groupId = openGroupWithoutDemoUsers(h.sandbox);
    const stream = await subscribeSse(h.url, VIEWER_GROUPS_CHANGED, {}, DEMO_TOKENS.user2);
    await subscribed(1);
    h.sandbox.clearLog();
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: groupId }, DEMO_TOKENS.user2);
    expect((await stream.next()).data?.viewerGroupsChanged).toMatchObject({ groupId: String(groupId) });
    await h.gateway.live.hub.idle();
    const reads = h.sandbox.requestLog().slice(1);
    expect(reads.map((e) => [e.method, e.user, [...(e.batchMethods ?? [])].sort()])).toEqual([
      ['batch', F.demoUser2Id, ['socialnetwork.api.workgroup.get', 'sonet_group.get', 'sonet_group.user.groups']],
    ]);
    await stream.close();
    await subscribed(0);
  });
});

describe('bounds', () => {
  it('refuses a third operation on one WebSocket connection with TOO_MANY_SUBSCRIPTIONS', async () => {
    h.reset();
    const groupId = openGroupWithoutDemoUsers(h.sandbox);
    const { client } = connectWs(h.url, DEMO_TOKENS.user);
    const a = subscribeWs(client, GROUP_CHANGED, { ids: [String(groupId)] });
    const b = subscribeWs(client, GROUP_CHANGED, { ids: [String(groupId)] });
    await subscribed(2);
    const c = subscribeWs(client, GROUP_CHANGED, { ids: [String(groupId)] });
    const refused = await c.next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(h.gateway.live.hub.subscriptionCount).toBe(2);
    await Promise.all([a.close(), b.close()]);
    await client.dispose();
    await subscribed(0);
  });

  it('refuses a fourth subscription of one token across connections with TOO_MANY_SUBSCRIPTIONS, before any upstream call', async () => {
    h.reset();
    const groupId = openGroupWithoutDemoUsers(h.sandbox);
    const open = await Promise.all([1, 2, 3].map(() => subscribeSse(h.url, GROUP_CHANGED, { ids: [String(groupId)] }, DEMO_TOKENS.user)));
    await subscribed(3);
    h.sandbox.clearLog();
    const fourth = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(groupId)] }, DEMO_TOKENS.user);
    const refused = await fourth.next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(h.sandbox.requestLog()).toEqual([]);
    // another user is not affected
    const other = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(groupId)] }, DEMO_TOKENS.user2);
    await subscribed(4);
    await Promise.all([...open, fourth, other].map((s) => s.close()));
    await subscribed(0);
  });

  it('refuses malformed ids with BAD_USER_INPUT and no upstream call', async () => {
    h.reset();
    const stream = await subscribeSse(h.url, GROUP_CHANGED, { ids: ['12abc'] }, DEMO_TOKENS.user);
    const refused = await stream.next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(h.sandbox.requestLog()).toEqual([]);
  });

  it('pings WebSocket clients every SUBSCRIPTIONS_HEARTBEAT_MS', async () => {
    const socket = new WebSocket(h.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    let pings = 0;
    socket.on('ping', () => (pings += 1));
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${DEMO_TOKENS.user}` } }));
    await new Promise((r) => setTimeout(r, 700));
    expect(pings).toBeGreaterThanOrEqual(2);
    socket.close();
  });
});
