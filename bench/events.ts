/**
 * `npm run bench:events`: live-update delivery latency and upstream cost per event, for 1, 100 and 1,000
 * subscribers (spread over ceil(N / 20) users, 20 subscriptions each, over graphql-ws, one connection per user).
 *
 * Each event is a rename made directly at the sandbox's REST API by an administrator; the sandbox POSTs its
 * ONSONETGROUPUPDATE to the gateway's intake, the gateway re-reads as each user and pushes UPDATED to every
 * subscriber. Latency: from the rename's REST answer to each subscriber's receipt (so it includes the sandbox's
 * delivery POST). Upstream requests per event: the sandbox's request log, minus the renames themselves.
 * Everything on loopback, rate limit off (with Bitrix24's 2 requests/s, cost per event is what bounds throughput).
 *
 * BENCH_EVENT_VIEWER=1: each user also holds one viewerGroupsChanged subscription, so every event also re-reads
 * the user's own groups and their standing in the renamed group (BITRIX24_D7_API=on); a rename changes no relation,
 * so those subscriptions must receive nothing (any message is counted and printed as spurious).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createSandbox, DEMO_TOKENS } from '../src/sandbox/index.js';
import { createGateway } from '../src/http/gateway.js';
import { envInt, envIntList } from './lib/load-helpers.js';

const SIZES = envIntList('BENCH_EVENT_SIZES', '1,100,1000', 1, 5000);
const EVENTS = envInt('BENCH_EVENTS', 20, 1, 1000);
const PER_USER = 20;
const WITH_VIEWER = process.env.BENCH_EVENT_VIEWER === '1';

const sandbox = createSandbox();
const sandboxUrl = await sandbox.listen(0, '127.0.0.1');
const config = loadConfig({
  BITRIX24_PORTAL_URL: sandboxUrl,
  BITRIX24_RATE_LIMIT: 'off',
  LOG_LEVEL: 'silent',
  BITRIX24_APPLICATION_TOKEN: sandbox.events.applicationToken(),
  SUBSCRIPTIONS_MAX_PER_CONNECTION: String(PER_USER + 1),
  SUBSCRIPTIONS_MAX_PER_TOKEN: String(PER_USER + 1),
  SUBSCRIPTIONS_MAX_QUEUE: '1000',
});
const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
const server = createServer(gateway.listener);
gateway.attachWebSocket(server);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

async function rest(method: string, params: Record<string, unknown>, token: string): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return ((await response.json()) as { result?: unknown }).result;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const QUERY = 'subscription ($ids: [ID!]!) { groupChanged(ids: $ids) { kind groupId group { id name memberCount } } }';
const VIEWER_QUERY = 'subscription { viewerGroupsChanged { groupId group { id name } } }';

async function run(subscribers: number): Promise<{ users: number; p50: number; p99: number; perEvent: number; delivered: number; spurious: number }> {
  sandbox.reset();
  await rest('event.bind', { event: 'ONSONETGROUPUPDATE', handler: gatewayUrl.replace(/\/graphql$/, '/bitrix24/events') }, DEMO_TOKENS.admin);
  const group = sandbox.store.groups().find((g) => g.visible === 'Y' && g.active === 'Y');
  if (!group) throw new Error('no visible group');
  const userCount = Math.ceil(subscribers / PER_USER);
  const users = sandbox.store.users().filter((u) => u.active).slice(0, userCount);
  const clients: Client[] = [];
  let pendingReceipts = 0;
  let onAllReceived: (() => void) | undefined;
  let sentAt = 0;
  const latencies: number[] = [];
  let spurious = 0;
  for (const [index, user] of users.entries()) {
    const token = `bench-user-${user.id}`;
    // Both scopes, as an app with BITRIX24_D7_API=on has: `socialnetwork` for the standing read.
    sandbox.store.addToken(token, user.id, { scopes: ['sonet_group', 'socialnetwork', 'user'] });
    const client = createClient({ url: gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0 });
    clients.push(client);
    const mine = Math.min(PER_USER, subscribers - index * PER_USER);
    if (WITH_VIEWER) {
      client.subscribe(
        { query: VIEWER_QUERY },
        { next: () => (spurious += 1), error: (error) => console.error('subscription error', error), complete: () => undefined },
      );
    }
    for (let i = 0; i < mine; i += 1) {
      client.subscribe(
        { query: QUERY, variables: { ids: [String(group.id)] } },
        {
          next: () => {
            latencies.push(performance.now() - sentAt);
            pendingReceipts -= 1;
            if (pendingReceipts === 0) onAllReceived?.();
          },
          error: (error) => console.error('subscription error', error),
          complete: () => undefined,
        },
      );
    }
  }
  while (gateway.live.hub.subscriptionCount < subscribers + (WITH_VIEWER ? userCount : 0)) await new Promise((r) => setTimeout(r, 20));
  await gateway.live.hub.idle();
  sandbox.clearLog();
  for (let e = 0; e < EVENTS; e += 1) {
    pendingReceipts = subscribers;
    const received = new Promise<void>((resolve) => (onAllReceived = resolve));
    await rest('sonet_group.update', { GROUP_ID: group.id, NAME: `Bench ${subscribers} #${e}` }, DEMO_TOKENS.admin);
    sentAt = performance.now();
    await received;
  }
  await gateway.live.hub.idle();
  // The request log is a ring: counted after an overflow, the figure would come out short.
  if (sandbox.requestLogDropped() > 0) {
    throw new Error(`the sandbox's request log dropped ${sandbox.requestLogDropped()} entries: fewer BENCH_EVENTS or subscribers per run`);
  }
  const upstream = sandbox.requestLog().filter((entry) => entry.method !== 'sonet_group.update').length;
  for (const client of clients) await client.dispose();
  while (gateway.live.hub.subscriptionCount > 0) await new Promise((r) => setTimeout(r, 20));
  latencies.sort((a, b) => a - b);
  return { users: userCount, p50: percentile(latencies, 50), p99: percentile(latencies, 99), perEvent: upstream / EVENTS, delivered: latencies.length, spurious };
}

console.log(
  `bench:events — ${EVENTS} events per size, ${PER_USER} subscriptions per user${WITH_VIEWER ? ' + 1 viewerGroupsChanged' : ''}, graphql-ws, rate limit off, loopback`,
);
console.log('subscribers  users  deliveries  latency p50 (ms)  latency p99 (ms)  upstream requests/event');
for (const size of SIZES) {
  const r = await run(size);
  console.log(
    `${String(size).padStart(11)}  ${String(r.users).padStart(5)}  ${String(r.delivered).padStart(10)}  ${r.p50.toFixed(1).padStart(16)}  ${r.p99.toFixed(1).padStart(16)}  ${r.perEvent.toFixed(2).padStart(23)}`,
  );
  if (r.spurious > 0) console.log(`  ${r.spurious} spurious viewerGroupsChanged messages (a rename changes no relation)`);
}

gateway.beginShutdown();
server.closeAllConnections();
await new Promise<void>((resolve) => server.close(() => resolve()));
await gateway.close();
await sandbox.close();
