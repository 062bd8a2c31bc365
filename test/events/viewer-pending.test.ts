/**
 * viewerGroupsChanged for the caller's requests and invitations (issue 13): the legacy list of the caller's groups
 * never shows a pending state, so each group a signal names is also read as the caller's standing
 * (`socialnetwork.api.workgroup.get`, BITRIX24_D7_API=on) in the same batch. Over real sockets, SSE and WebSocket,
 * against the sandbox; the sandbox emits ONSONETGROUPUPDATE for invitations and requests as Bitrix24 does
 * (CSocNetUserToGroup::Add calls SetStat for any role), so both the gateway-write and the online-event paths are shown.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS, type Sandbox } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bindIntake, connectWs, GROUP_CHANGED, restCall, SANDBOX_APPLICATION_TOKEN, subscribeSse, subscribeWs, VIEWER_GROUPS_CHANGED, type LiveStream } from './live-helpers.js';

const F = SEED_FACTS;
/** Closed, visible, moderated by demo-user (who may invite: INITIATE_PERMS E); demo-user-2 has no relation to it. */
const CLOSED = F.groupWithRequestsModeratedByDemoUser;

function openGroupWithoutDemoUsers(sandbox: Sandbox): number {
  const store = sandbox.store;
  const group = store
    .groups()
    .find((g) => g.opened === 'Y' && g.visible === 'Y' && g.active === 'Y' && g.closed === 'N' && !store.relation(g.id, F.demoUserId) && !store.relation(g.id, F.demoUser2Id));
  if (!group) throw new Error('the seed has no open group without the demo users');
  return group.id;
}

async function subscribed(h: Harness, count: number): Promise<void> {
  for (let i = 0; i < 500 && h.gateway.live.hub.subscriptionCount !== count; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(h.gateway.live.hub.subscriptionCount).toBe(count);
  await h.gateway.live.hub.idle();
}

/** Every delivery the sandbox started has reached the gateway, and every re-read it caused is done. */
async function quiet(h: Harness): Promise<void> {
  await h.sandbox.events.settled();
  await new Promise((r) => setImmediate(r)); // the intake publishes on the turn after it answered
  await h.gateway.live.hub.idle();
}

/** Streams a test left open (it failed before closing them): closed after each test so the next starts clean. */
const leftOpen = new Set<() => Promise<void>>();
afterEach(async () => {
  await Promise.all([...leftOpen].map((close) => close()));
  leftOpen.clear();
});

/** demo-user-2's viewerGroupsChanged, over the given transport. */
async function openViewerStream(h: Harness, transport: string): Promise<{ stream: LiveStream; close(): Promise<void> }> {
  let stream: LiveStream;
  let dispose = async (): Promise<void> => undefined;
  if (transport === 'SSE') {
    stream = await subscribeSse(h.url, VIEWER_GROUPS_CHANGED, {}, DEMO_TOKENS.user2);
  } else {
    const { client } = connectWs(h.url, DEMO_TOKENS.user2);
    stream = subscribeWs(client, VIEWER_GROUPS_CHANGED, {});
    dispose = async () => void (await client.dispose());
  }
  const close = async (): Promise<void> => {
    leftOpen.delete(close);
    await stream.close();
    await dispose();
    await subscribed(h, 0);
  };
  leftOpen.add(close);
  await subscribed(h, 1);
  return { stream, close };
}

async function mutate(h: Harness, document: string, token: string, expected: string): Promise<void> {
  const response = await h.gql(document, {}, token);
  expect(response.body.errors).toBeUndefined();
  expect(Object.values(response.body.data ?? {})[0]).toMatchObject({ __typename: expected });
}

const reported = (groupId: number) => ({ groupId: String(groupId), group: { id: String(groupId), name: expect.any(String) } });

describe('viewerGroupsChanged reports requests and invitations (BITRIX24_D7_API=on)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BITRIX24_APPLICATION_TOKEN: SANDBOX_APPLICATION_TOKEN } });
  });
  afterAll(() => h.close());

  it.each(['SSE', 'WebSocket'])("an invitation through the gateway's inviteToGroup arrives, and so does declining it (%s)", async (transport) => {
    h.reset(); // no binding: the gateway's own writes publish at once
    const { stream, close } = await openViewerStream(h, transport);
    await mutate(h, `mutation { inviteToGroup(groupId: "${CLOSED}", userIds: ["${F.demoUser2Id}"]) { __typename } }`, DEMO_TOKENS.user, 'InviteToGroupSuccess');
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    await mutate(h, `mutation { declineGroupInvitation(groupId: "${CLOSED}") { __typename } }`, DEMO_TOKENS.user2, 'DeclineGroupInvitationSuccess');
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    await close();
  });

  it.each(['SSE', 'WebSocket'])("an invitation made at the portal's REST API by a moderator arrives through the online event (%s)", async (transport) => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const { stream, close } = await openViewerStream(h, transport);
    const invited = await restCall(h.sandbox, 'sonet_group.user.invite', { GROUP_ID: CLOSED, USER_ID: [F.demoUser2Id] }, DEMO_TOKENS.user);
    expect(invited.result).toEqual([F.demoUser2Id]);
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    expect(h.sandbox.events.deliveries()).toContainEqual(expect.objectContaining({ event: 'ONSONETGROUPUPDATE', groupId: CLOSED, outcome: 'delivered' }));
    await close();
  });

  it.each(['SSE', 'WebSocket'])('a request that becomes pending arrives; a rename while pending does not; the withdrawal arrives (%s)', async (transport) => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const open = openGroupWithoutDemoUsers(h.sandbox);
    const { stream, close } = await openViewerStream(h, transport);

    await mutate(h, `mutation { requestGroupMembership(groupId: "${CLOSED}") { __typename ... on RequestGroupMembershipSuccess { status } } }`, DEMO_TOKENS.user2, 'RequestGroupMembershipSuccess');
    expect(h.sandbox.store.relation(CLOSED, F.demoUser2Id)).toMatchObject({ role: 'Z', initiatedByType: 'U' });
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    await quiet(h); // the sandbox's own event for the request re-reads and finds nothing new

    // A rename of the group where demo-user-2 is pending: Bitrix24 sends ONSONETGROUPUPDATE, their relation is unchanged.
    const rename = async (name: string): Promise<void> => {
      const delivered = h.sandbox.events.deliveries().length;
      const renamed = await restCall(h.sandbox, 'sonet_group.update', { GROUP_ID: CLOSED, NAME: name }, DEMO_TOKENS.admin);
      expect(renamed.result).toBe(CLOSED);
      await quiet(h);
      expect(h.sandbox.events.deliveries().slice(delivered)).toEqual([expect.objectContaining({ groupId: CLOSED, outcome: 'delivered' })]);
    };
    await rename('Renamed while pending');
    // The next real change (joining an open group) is the next message: the rename produced none, and the pending
    // request is carried across this event on another group (else it would be reported as gone).
    await mutate(h, `mutation { requestGroupMembership(groupId: "${open}") { __typename } }`, DEMO_TOKENS.user2, 'RequestGroupMembershipSuccess');
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(open));
    await quiet(h);
    // Renamed again: the withdrawal's message carries this name, so it cannot be a message queued earlier.
    await rename('Renamed again');

    await mutate(h, `mutation { cancelGroupMembershipRequest(groupId: "${CLOSED}") { __typename } }`, DEMO_TOKENS.user2, 'CancelGroupMembershipRequestSuccess');
    expect(h.sandbox.store.relation(CLOSED, F.demoUser2Id)).toBeUndefined();
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual({ groupId: String(CLOSED), group: { id: String(CLOSED), name: 'Renamed again' } });
    await close();
  });

  it.each(['SSE', 'WebSocket'])("a moderator's denial, made at the portal's REST API, arrives through the online event (%s)", async (transport) => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const { stream, close } = await openViewerStream(h, transport);
    const requested = await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: CLOSED }, DEMO_TOKENS.user2);
    expect(requested.result).toBe(true);
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    await quiet(h);
    const relationId = h.sandbox.store.relationRecord(CLOSED, F.demoUser2Id)!.id;
    const denied = await restCall(h.sandbox, 'socialnetwork.api.usertogroup.denyRequest', { relationId, groupId: CLOSED }, DEMO_TOKENS.user);
    expect(denied.result).toBe(true);
    expect(h.sandbox.store.relation(CLOSED, F.demoUser2Id)).toBeUndefined();
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    await close();
  });

  it('one event costs exactly 1 upstream request for the user: one batch of their groups, their standing and the group', async () => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const { stream, close } = await openViewerStream(h, 'SSE');
    h.sandbox.clearLog();
    await restCall(h.sandbox, 'sonet_group.user.invite', { GROUP_ID: CLOSED, USER_ID: [F.demoUser2Id] }, DEMO_TOKENS.user);
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(CLOSED));
    await quiet(h);
    expect(h.sandbox.requestLog().map((e) => [e.method, e.user, [...(e.batchMethods ?? [])].sort()])).toEqual([
      ['sonet_group.user.invite', F.demoUserId, []],
      ['batch', F.demoUser2Id, ['socialnetwork.api.workgroup.get', 'sonet_group.get', 'sonet_group.user.groups']],
    ]);
    await close();
  });

  it('an invitation to a secret group stays unseen (workgroup.get does not find it for the invitee); the next real change arrives first', async () => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const store = h.sandbox.store;
    const secret = F.secretGroupWithoutDemoUser;
    const owner = store.users().find((u) => store.relation(secret, u.id)?.role === 'A');
    if (!owner) throw new Error('the seed has no owner of the secret group');
    store.addToken('secret-owner', owner.id);
    const open = openGroupWithoutDemoUsers(h.sandbox);
    const { stream, close } = await openViewerStream(h, 'SSE');
    const invited = await restCall(h.sandbox, 'sonet_group.user.invite', { GROUP_ID: secret, USER_ID: [F.demoUser2Id] }, 'secret-owner');
    expect(invited.result).toEqual([F.demoUser2Id]);
    expect(store.relation(secret, F.demoUser2Id)).toMatchObject({ role: 'Z', initiatedByType: 'G' });
    await quiet(h);
    expect(h.sandbox.events.deliveries()).toContainEqual(expect.objectContaining({ groupId: secret, outcome: 'delivered' }));
    await mutate(h, `mutation { requestGroupMembership(groupId: "${open}") { __typename } }`, DEMO_TOKENS.user2, 'RequestGroupMembershipSuccess');
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(open));
    await close();
  });

  it("a token without the socialnetwork scope: the standing read fails, and the user's other updates still arrive", async () => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    h.sandbox.store.addToken('legacy-only', F.demoUser2Id, { scopes: ['sonet_group', 'user'] });
    const open = openGroupWithoutDemoUsers(h.sandbox);
    const viewer = await subscribeSse(h.url, VIEWER_GROUPS_CHANGED, {}, 'legacy-only');
    const group = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(open)] }, 'legacy-only');
    const closeBoth = async (): Promise<void> => {
      leftOpen.delete(closeBoth);
      await Promise.all([viewer.close(), group.close()]);
      await subscribed(h, 0);
    };
    leftOpen.add(closeBoth);
    await subscribed(h, 2);
    h.sandbox.clearLog();
    const joined = await restCall(h.sandbox, 'sonet_group.user.request', { GROUP_ID: open }, 'legacy-only');
    expect(joined.result).toBe(true);
    expect((await group.next()).data?.groupChanged).toMatchObject({ kind: 'MEMBERSHIP_CHANGED', groupId: String(open) });
    expect((await viewer.next()).data?.viewerGroupsChanged).toEqual(reported(open));
    await quiet(h);
    // The standing was asked for in the same batch, and refused for the missing scope.
    const batch = h.sandbox.requestLog().find((e) => e.method === 'batch');
    expect(batch?.batchMethods).toContain('socialnetwork.api.workgroup.get');
    await closeBoth();
  });
});

describe('viewerGroupsChanged with BITRIX24_D7_API=off: member roles only', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BITRIX24_APPLICATION_TOKEN: SANDBOX_APPLICATION_TOKEN, BITRIX24_D7_API: 'off' } });
  });
  afterAll(() => h.close());

  it('an invitation cannot be read and is not reported; no standing is read; the next join arrives first', async () => {
    h.reset();
    await bindIntake(h.sandbox, h.url.replace(/\/graphql$/, '/bitrix24/events'));
    const open = openGroupWithoutDemoUsers(h.sandbox);
    const { stream, close } = await openViewerStream(h, 'SSE');
    h.sandbox.clearLog();
    await restCall(h.sandbox, 'sonet_group.user.invite', { GROUP_ID: CLOSED, USER_ID: [F.demoUser2Id] }, DEMO_TOKENS.user);
    await quiet(h);
    const reads = h.sandbox.requestLog().slice(1);
    expect(reads.map((e) => [e.method, e.user, [...(e.batchMethods ?? [])].sort()])).toEqual([['batch', F.demoUser2Id, ['sonet_group.get', 'sonet_group.user.groups']]]);
    await mutate(h, `mutation { requestGroupMembership(groupId: "${open}") { __typename } }`, DEMO_TOKENS.user2, 'RequestGroupMembershipSuccess');
    expect((await stream.next()).data?.viewerGroupsChanged).toEqual(reported(open));
    await close();
  });
});
