/**
 * Live updates over real sockets, fed by Bitrix24's online events: the sandbox POSTs its form-encoded events to the
 * gateway's intake, the gateway re-reads as each subscriber and pushes over SSE and over graphql-ws.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS, type GroupRecord } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import {
  bindIntake,
  connectWs,
  GROUP_CHANGED,
  restCall,
  SANDBOX_APPLICATION_TOKEN,
  subscribeSse,
  subscribeWs,
  type LiveStream,
} from './live-helpers.js';

const F = SEED_FACTS;
let h: Harness;
let intakeUrl: string;

beforeAll(async () => {
  h = await startHarness({ env: { BITRIX24_APPLICATION_TOKEN: SANDBOX_APPLICATION_TOKEN } });
  intakeUrl = h.url.replace(/\/graphql$/, '/bitrix24/events');
});
afterAll(() => h.close());
beforeEach(async () => {
  h.reset();
  await bindIntake(h.sandbox, intakeUrl);
});

/** An open, visible, active group with no relation to either demo user, and a user with no relation to it. */
function openGroupAndOutsider(notId = 0): { group: GroupRecord; outsiderToken: string } {
  const store = h.sandbox.store;
  const group = store
    .groups()
    .find((g) => g.id !== notId && g.opened === 'Y' && g.visible === 'Y' && g.active === 'Y' && g.closed === 'N' && !store.relation(g.id, F.demoUserId) && !store.relation(g.id, F.demoUser2Id));
  if (!group) throw new Error('the seed has no open group without the demo users');
  const outsider = store.users().find((u) => u.active && u.id > 10 && !store.relation(group.id, u.id));
  if (!outsider) throw new Error('no outsider');
  const outsiderToken = `outsider-${outsider.id}`;
  store.addToken(outsiderToken, outsider.id);
  return { group, outsiderToken };
}

const transports = [
  ['SSE', (query: string, variables: Record<string, unknown>, token: string) => subscribeSse(h.url, query, variables, token)],
  [
    'WebSocket',
    async (query: string, variables: Record<string, unknown>, token: string): Promise<LiveStream> => {
      const { client } = connectWs(h.url, token);
      const stream = subscribeWs(client, query, variables);
      return {
        next: (t) => stream.next(t),
        completed: stream.completed,
        async close() {
          await stream.close();
          await client.dispose();
        },
      };
    },
  ],
] as const;

/** Waits until `count` subscriptions are registered and their baseline reads are done. */
async function subscribed(count = 1): Promise<void> {
  for (let i = 0; i < 500 && h.gateway.live.hub.subscriptionCount < count; i += 1) await new Promise((r) => setTimeout(r, 10));
  if (h.gateway.live.hub.subscriptionCount < count) throw new Error('the subscription did not start');
  await h.gateway.live.hub.idle();
}

describe.each(transports)('over %s', (_name, subscribe) => {
  it('a change made directly at the portal by another user arrives through the online event', async () => {
    const { group, outsiderToken } = openGroupAndOutsider();
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(group.id)] }, DEMO_TOKENS.user);
    await subscribed();
    const before = group.numberOfMembers;
    const joined = await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: group.id }, outsiderToken);
    expect(joined.result).toBe(true);
    const message = await stream.next();
    expect(message.errors).toBeUndefined();
    expect(message.data?.groupChanged).toEqual({
      kind: 'MEMBERSHIP_CHANGED',
      groupId: String(group.id),
      group: { id: String(group.id), name: group.name, memberCount: before + 1 },
    });
    await h.sandbox.events.settled();
    expect(h.sandbox.events.deliveries().map((d) => d.outcome)).toEqual(['delivered']);
    await stream.close();
  });

  it('a rename made directly at the portal by an administrator arrives as UPDATED', async () => {
    const { group } = openGroupAndOutsider();
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(group.id)] }, DEMO_TOKENS.user);
    await subscribed();
    const renamed = await restCall(h.sandbox, 'sonet_group.update', { GROUP_ID: group.id, NAME: 'Renamed live' }, DEMO_TOKENS.admin);
    expect(renamed.result).toBe(group.id);
    const message = await stream.next();
    expect(message.data?.groupChanged).toEqual({
      kind: 'UPDATED',
      groupId: String(group.id),
      group: { id: String(group.id), name: 'Renamed live', memberCount: group.numberOfMembers },
    });
    await stream.close();
  });

  it('a deletion arrives as DELETED with group null; a late update for it adds nothing', async () => {
    const { group } = openGroupAndOutsider();
    const { group: other, outsiderToken } = openGroupAndOutsider(group.id);
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(group.id), String(other.id)] }, DEMO_TOKENS.user);
    await subscribed();
    expect((await restCall(h.sandbox, 'sonet_group.delete', { GROUP_ID: group.id }, DEMO_TOKENS.admin)).result).toBe(true);
    expect((await stream.next()).data?.groupChanged).toEqual({ kind: 'DELETED', groupId: String(group.id), group: null });
    // a genuine but late ONSONETGROUPUPDATE for the deleted group, then a change to the other group
    const late = new URLSearchParams({ event: 'ONSONETGROUPUPDATE', 'data[FIELDS][ID]': String(group.id), 'auth[application_token]': SANDBOX_APPLICATION_TOKEN });
    expect((await fetch(intakeUrl, { method: 'POST', body: late })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    await h.gateway.live.hub.idle();
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: other.id }, outsiderToken);
    expect((await stream.next()).data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(other.id) });
    await stream.close();
  });

  it("demo-user-2's join through the gateway arrives", async () => {
    const { group } = openGroupAndOutsider();
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(group.id)] }, DEMO_TOKENS.user);
    await subscribed();
    const join = await h.gql(`mutation { requestGroupMembership(groupId: "${group.id}") { __typename } }`, {}, DEMO_TOKENS.user2);
    expect(join.body.errors).toBeUndefined();
    const message = await stream.next();
    expect(message.data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(group.id) });
    await stream.close();
  });

  it("a secret group's change does not reach a non-member", async () => {
    const store = h.sandbox.store;
    const secret = store.groups().find((g) => g.visible === 'N' && g.active === 'Y' && !store.relation(g.id, F.demoUserId));
    const { group: open, outsiderToken } = openGroupAndOutsider();
    if (!secret) throw new Error('the seed has no secret group without demo-user');
    const member = store.relationsOfGroup(secret.id).find((r) => r.role === 'K' && store.user(r.userId)?.active);
    if (!member) throw new Error('the secret group has no plain member');
    store.addToken('secret-member', member.userId);
    // demo-user watches both; the secret group changes first, the open one second: the first message must be the
    // open group's, so nothing was sent about the secret one.
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(secret.id), String(open.id)] }, DEMO_TOKENS.user);
    await subscribed();
    const leave = await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: secret.id }, 'secret-member');
    expect(leave.result).toBe(true);
    await h.sandbox.events.settled();
    await new Promise((r) => setTimeout(r, 100));
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: open.id }, outsiderToken);
    const message = await stream.next();
    expect(message.data?.groupChanged).toMatchObject({ groupId: String(open.id) });
    expect(h.sandbox.events.deliveries().filter((d) => d.groupId === secret.id).map((d) => d.outcome)).toEqual(['delivered']);
    await stream.close();
  });

  it('an expired token ends the stream with UNAUTHENTICATED', async () => {
    const { group, outsiderToken } = openGroupAndOutsider();
    h.sandbox.store.addToken('expiring-demo-user', F.demoUserId);
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(group.id)] }, 'expiring-demo-user');
    await subscribed();
    h.sandbox.store.token('expiring-demo-user')!.expired = true;
    await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: group.id }, outsiderToken);
    const message = await stream.next();
    expect(message.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await stream.completed;
    expect(h.gateway.live.hub.subscriptionCount).toBe(0);
    await stream.close();
  });

  it('a token that is already expired is refused at the start', async () => {
    const { group } = openGroupAndOutsider();
    const stream = await subscribe(GROUP_CHANGED, { ids: [String(group.id)] }, DEMO_TOKENS.expired);
    const message = await stream.next();
    expect(message.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await stream.close();
  });
});

describe('the intake', () => {
  it('a forged event (wrong or missing application_token) is refused with no effect', async () => {
    const { group } = openGroupAndOutsider();
    const stream = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(group.id)] }, DEMO_TOKENS.user);
    await subscribed();
    h.sandbox.clearLog();
    const forge = (auth: Record<string, string> | undefined) => {
      const body = new URLSearchParams({ event: 'ONSONETGROUPUPDATE', 'data[FIELDS][ID]': String(group.id), ts: '1' });
      for (const [k, v] of Object.entries(auth ?? {})) body.set(`auth[${k}]`, v);
      return fetch(intakeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    };
    const wrong = await forge({ application_token: 'f'.repeat(SANDBOX_APPLICATION_TOKEN.length) });
    const missing = await forge(undefined);
    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual({ error: 'APPLICATION_TOKEN_INVALID', error_description: 'auth.application_token is missing or wrong' });
    await new Promise((r) => setTimeout(r, 200));
    // no re-read happened: the portal saw no request at all
    expect(h.sandbox.requestLog()).toEqual([]);
    // and a genuine one (same body, right token) is accepted and re-read
    const genuine = await forge({ application_token: SANDBOX_APPLICATION_TOKEN });
    expect(genuine.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sandbox.requestLog().length).toBe(1);
    await stream.close();
  });

  it('a chunked body over the limit is refused as soon as it passes it, not read whole; the gateway stays up', async () => {
    // No Content-Length: Node sends the body chunked. 64 KiB now, and the request is never ended: an intake that
    // reads the whole body first would wait for the end and never answer.
    const target = new URL(intakeUrl);
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    req.on('error', () => undefined);
    const answered = new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
    req.write('a='.padEnd(64 * 1024, 'x'));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer before the body ended')), 5_000));
    const response = await Promise.race([answered, timeout]);
    expect(response.statusCode).toBe(413);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve(text));
    });
    expect(JSON.parse(body)).toEqual({ error: 'PAYLOAD_TOO_LARGE' });
    // Connection: close: the server hangs up at once rather than reading the rest (or idling until keep-alive ends).
    const started = Date.now();
    let written = 0;
    await new Promise<void>((resolve) => {
      req.on('close', () => resolve());
      const more = (): void => {
        if (req.destroyed || written >= 64 * 1024 * 1024) return resolve();
        written += 1024 * 1024;
        if (req.write('x'.repeat(1024 * 1024))) setImmediate(more);
        else req.once('drain', more);
      };
      more();
    });
    expect(req.destroyed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(written).toBeLessThan(64 * 1024 * 1024);
    req.destroy();
    expect((await fetch(h.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
  });
});
