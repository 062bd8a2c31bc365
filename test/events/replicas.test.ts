/**
 * Two gateway replicas on one portal, joined by a real redis-server: a change received by one reaches a subscriber
 * connected to the other; only one replica at a time holds the offline-polling lease.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createSandbox, DEMO_TOKENS, SEED_FACTS, type Sandbox } from '../../src/sandbox/index.js';
import { createGateway, type Gateway } from '../../src/http/gateway.js';
import { createRedisLease } from '../../src/events/lease.js';
import { createLiveUpdates } from '../../src/events/index.js';
import { bindIntake, connectWs, GROUP_CHANGED, restCall, SANDBOX_APPLICATION_TOKEN, subscribeSse, subscribeWs } from './live-helpers.js';
import { startRedisServer, type RedisServer } from '../redis/redis-server.js';

const F = SEED_FACTS;

interface Replica {
  gateway: Gateway;
  server: Server;
  url: string;
}

let redis: RedisServer;
let sandbox: Sandbox;
const replicas: Replica[] = [];

async function startReplica(): Promise<Replica> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    BITRIX24_RATE_LIMIT: 'off',
    BITRIX24_PORTAL_URL: sandbox.url,
    BITRIX24_APPLICATION_TOKEN: SANDBOX_APPLICATION_TOKEN,
    REDIS_URL: redis.url,
  });
  const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
  const server = createServer(gateway.listener);
  gateway.attachWebSocket(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { gateway, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

function openGroupAndOutsider(): { groupId: number; outsiderToken: string } {
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

async function subscribedOn(replica: Replica, count: number): Promise<void> {
  for (let i = 0; i < 500 && replica.gateway.live.hub.subscriptionCount !== count; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(replica.gateway.live.hub.subscriptionCount).toBe(count);
  await replica.gateway.live.hub.idle();
}

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = createSandbox();
  await sandbox.listen(0, '127.0.0.1');
  replicas.push(await startReplica(), await startReplica());
  // Redis subscriptions are set up asynchronously: give both replicas' subscriber connections a moment.
  await new Promise((r) => setTimeout(r, 300));
}, 30_000);

afterAll(async () => {
  for (const r of replicas) {
    r.gateway.beginShutdown();
    r.server.closeAllConnections();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
    await r.gateway.close();
  }
  await sandbox.close();
  await redis.stop();
});

describe('two replicas with Redis', () => {
  it('an event received by replica A reaches a subscriber connected to replica B (SSE)', async () => {
    sandbox.reset();
    const [a, b] = replicas as [Replica, Replica];
    // Bitrix24 delivers to A only (a load balancer picks one replica per delivery).
    await bindIntake(sandbox, a.url.replace(/\/graphql$/, '/bitrix24/events'));
    const { groupId, outsiderToken } = openGroupAndOutsider();
    const stream = await subscribeSse(b.url, GROUP_CHANGED, { ids: [String(groupId)] }, DEMO_TOKENS.user);
    await subscribedOn(b, 1);
    await restCall(sandbox, 'sonet_group.user.request', { GROUP_ID: groupId }, outsiderToken);
    const message = await stream.next();
    expect(message.data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(groupId) });
    await sandbox.events.settled();
    expect(sandbox.events.deliveries().map((d) => d.handler)).toEqual([a.url.replace(/\/graphql$/, '/bitrix24/events')]);
    await stream.close();
    await subscribedOn(b, 0);
  });

  it('a change made through replica A reaches a subscriber on replica B (WebSocket), with no events bound', async () => {
    sandbox.reset();
    const [a, b] = replicas as [Replica, Replica];
    const { groupId } = openGroupAndOutsider();
    const { client } = connectWs(b.url, DEMO_TOKENS.user);
    const stream = subscribeWs(client, GROUP_CHANGED, { ids: [String(groupId)] });
    await subscribedOn(b, 1);
    const join = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKENS.user2}` },
      body: JSON.stringify({ query: `mutation { requestGroupMembership(groupId: "${groupId}") { __typename } }` }),
    });
    expect(join.status).toBe(200);
    const message = await stream.next();
    expect(message.data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(groupId) });
    await stream.close();
    await client.dispose();
  });

  it('the offline-polling lease is held by one replica at a time', async () => {
    const key = `test-lease-${Date.now()}`;
    const first = createRedisLease({ redisUrl: redis.url, key, ttlMs: 5_000 });
    const second = createRedisLease({ redisUrl: redis.url, key, ttlMs: 5_000 });
    expect(await first.acquire()).toBe(true);
    expect(await second.acquire()).toBe(false);
    expect(await first.acquire()).toBe(true); // renewal by the holder
    await first.release();
    expect(await second.acquire()).toBe(true);
    await second.release();
  });

  it('the lease is per portal: two gateways of two portals on one Redis both poll, two of one portal take turns', async () => {
    const polls = new Map<string, number>();
    const keyPrefix = `lease-test-${Date.now()}:`;
    const start = (name: string, portal: string) =>
      createLiveUpdates({
        config: loadConfig({ BITRIX24_PORTAL_URL: portal, BITRIX24_EVENTS: 'offline', BITRIX24_EVENTS_ADMIN_TOKEN: 'admin', BITRIX24_EVENTS_POLL_MS: '20' }).events,
        redis: { url: redis.url, keyPrefix },
        portal,
        openRead: () => {
          throw new Error('no subscriber here');
        },
        isAuthFailure: () => false,
        adminCall: async (method) => {
          if (method === 'event.offline.get') polls.set(name, (polls.get(name) ?? 0) + 1);
          return { events: [] };
        },
        logger: { info: () => undefined, warn: () => undefined },
      });
    const live = [start('a1', 'https://a.bitrix24.com'), start('a2', 'https://a.bitrix24.com'), start('b', 'https://b.bitrix24.com')];
    try {
      for (let i = 0; i < 200 && !(polls.has('b') && (polls.has('a1') || polls.has('a2'))); i += 1) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 200));
      expect(polls.get('b')).toBeGreaterThan(0);
      expect([polls.has('a1'), polls.has('a2')].filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(live.map((l) => l.close()));
    }
  });
});
