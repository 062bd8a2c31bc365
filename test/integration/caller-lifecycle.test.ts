/**
 * The caller's side of the membership lifecycle over real sockets (gateway on port 0, sandbox on port 0): viewerStatus
 * and viewerCan, and the four self-service mutations, with the exact upstream requests of every step from the
 * sandbox's log. Typed documents from schema/operations/.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import {
  AcceptGroupInvitationDocument,
  CancelGroupMembershipRequestDocument,
  DeclineGroupInvitationDocument,
  GroupViewerStatusDocument,
  LeaveGroupDocument,
  RequestGroupMembershipDocument,
} from '../generated/graphql.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const F = SEED_FACTS;
const ME = 'demo-user-2';
/** Group 35: closed, INITIATE_PERMS E, moderated by demo-user; demo-user-2 has no relation to it. */
const CLOSED_GROUP = F.groupWithRequestsModeratedByDemoUser;

const STANDING = 'socialnetwork.api.workgroup.get';
const CHECKS_WITH_ID = [STANDING, 'profile'];
/** The sandbox logs method names lower-cased (Bitrix24 lower-cases them too). */
const rereadAfter = (write: string) => [write.toLowerCase(), 'sonet_group.get', STANDING];

/** The four mutations share their variables; a table row holds any of them. */
type GroupIdMutation = TypedDocumentNode<Record<string, unknown>, { groupId: string }>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

/** Each upstream HTTP request as [method, batch commands in order]. */
const requests = () => h.upstreamRequests().map((entry) => [entry.method, entry.batchMethods ?? null] as const);
/** Runs a step and returns what it sent upstream. */
async function step<T>(run: () => Promise<T>): Promise<{ result: T; sent: ReturnType<typeof requests> }> {
  const before = h.upstreamRequests().length;
  const result = await run();
  return { result, sent: requests().slice(before) };
}

const status = async (groupId: number, token = ME) => {
  const { body } = await h.execute(GroupViewerStatusDocument, { id: String(groupId) }, token);
  return body.data?.group ?? null;
};

describe('the caller\'s lifecycle, step by step, with each step\'s exact upstream requests', () => {
  it('demo-user-2 requests a closed group, cancels, is invited and accepts, then leaves', async () => {
    // 1. Request: REQUEST_PENDING.
    const requested = await step(() => h.execute(RequestGroupMembershipDocument, { groupId: String(CLOSED_GROUP) }, ME));
    expect(requested.result.body.data?.requestGroupMembership).toMatchObject({ __typename: 'RequestGroupMembershipSuccess', status: 'REQUESTED' });
    expect(requested.sent).toHaveLength(2);

    const pending = await step(() => status(CLOSED_GROUP));
    expect(pending.result).toMatchObject({ viewerStatus: 'REQUEST_PENDING', viewerCan: { cancelRequest: true, requestMembership: false, leave: false } });
    // The group (sonet_group.get), then its viewer fields (workgroup.get): two levels, two requests.
    expect(pending.sent).toEqual([
      ['sonet_group.get', null],
      [STANDING, null],
    ]);

    // 2. Cancel: NONE. Checks (standing + caller id), then the write with its re-read.
    const cancelled = await step(() => h.execute(CancelGroupMembershipRequestDocument, { groupId: String(CLOSED_GROUP) }, ME));
    expect(cancelled.result.body.data?.cancelGroupMembershipRequest).toMatchObject({
      __typename: 'CancelGroupMembershipRequestSuccess',
      viewerStatus: 'NONE',
      group: { id: String(CLOSED_GROUP), viewerStatus: 'NONE' },
    });
    expect(cancelled.sent).toEqual([
      ['batch', expect.arrayContaining(CHECKS_WITH_ID)],
      ['batch', rereadAfter('socialnetwork.api.usertogroup.cancelIncomingRequest')],
    ]);
    expect(cancelled.sent[0]![1]).toHaveLength(2);
    expect(h.sandbox.store.relation(CLOSED_GROUP, F.demoUser2Id)).toBeUndefined();

    // 3. Invited by the group's moderator (set up straight on the portal), then accepted: MEMBER.
    const invite = await fetch(`${h.sandbox.url}/rest/sonet_group.user.invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: 'demo-user', GROUP_ID: CLOSED_GROUP, USER_ID: [F.demoUser2Id] }),
    });
    expect(invite.status).toBe(200);
    const invited = await step(() => status(CLOSED_GROUP));
    expect(invited.result).toMatchObject({ viewerStatus: 'INVITATION_PENDING', viewerCan: { acceptInvitation: true, declineInvitation: true, requestMembership: false } });
    expect(invited.sent).toHaveLength(2);

    const accepted = await step(() => h.execute(AcceptGroupInvitationDocument, { groupId: String(CLOSED_GROUP) }, ME));
    const memberCount = h.sandbox.store.group(CLOSED_GROUP)!.numberOfMembers;
    expect(accepted.result.body.data?.acceptGroupInvitation).toEqual({
      __typename: 'AcceptGroupInvitationSuccess',
      viewerStatus: 'MEMBER',
      group: { id: String(CLOSED_GROUP), name: h.sandbox.store.group(CLOSED_GROUP)!.name, memberCount, viewerStatus: 'MEMBER' },
    });
    // No caller id needed: the checks are one call, sent plain.
    expect(accepted.sent).toEqual([
      [STANDING, null],
      ['batch', rereadAfter('socialnetwork.api.usertogroup.acceptOutgoingRequest')],
    ]);
    expect(h.sandbox.store.relation(CLOSED_GROUP, F.demoUser2Id)?.role).toBe('K');

    const member = await step(() => status(CLOSED_GROUP));
    expect(member.result).toMatchObject({ viewerStatus: 'MEMBER', viewerCan: { leave: true, invite: false, processRequests: false, edit: false, manageMembers: false } });
    // INITIATE_PERMS of this group is E: inviting and answering requests are the owner's and the moderators'.

    // 4. Leave: NONE; the closed group stays visible.
    const left = await step(() => h.execute(LeaveGroupDocument, { groupId: String(CLOSED_GROUP) }, ME));
    expect(left.result.body.data?.leaveGroup).toMatchObject({
      __typename: 'LeaveGroupSuccess',
      viewerStatus: 'NONE',
      group: { id: String(CLOSED_GROUP), memberCount: memberCount - 1, viewerStatus: 'NONE' },
    });
    expect(left.sent).toEqual([
      ['batch', expect.arrayContaining(CHECKS_WITH_ID)],
      ['batch', rereadAfter('socialnetwork.api.usertogroup.leave')],
    ]);
    expect(h.sandbox.store.relation(CLOSED_GROUP, F.demoUser2Id)).toBeUndefined();
    expect((await status(CLOSED_GROUP))?.viewerStatus).toBe('NONE');
  });

  it('declines a pending invitation: NONE, in 2 requests', async () => {
    const groupId = F.groupWhereDemoUser2IsInvited;
    expect((await status(groupId))?.viewerStatus).toBe('INVITATION_PENDING');
    const declined = await step(() => h.execute(DeclineGroupInvitationDocument, { groupId: String(groupId) }, ME));
    expect(declined.result.body.data?.declineGroupInvitation).toMatchObject({
      __typename: 'DeclineGroupInvitationSuccess',
      viewerStatus: 'NONE',
      group: { id: String(groupId), viewerStatus: 'NONE' },
    });
    expect(declined.sent).toEqual([
      [STANDING, null],
      ['batch', rereadAfter('socialnetwork.api.usertogroup.rejectOutgoingRequest')],
    ]);
    expect(h.sandbox.store.relation(groupId, F.demoUser2Id)).toBeUndefined();
  });

  it('accepts an invitation to a secret group the invitee cannot see yet', async () => {
    // demo-user (2) has a pending invitation to secret group 19: the group is hidden from them until they accept.
    const secret = h.sandbox.store.groups().find((g) => g.visible === 'N' && h.sandbox.store.relation(g.id, F.demoUserId)?.role === 'Z')!;
    expect(await status(secret.id, 'demo-user')).toBeNull();
    const accepted = await step(() => h.execute(AcceptGroupInvitationDocument, { groupId: String(secret.id) }, 'demo-user'));
    expect(accepted.result.body.data?.acceptGroupInvitation).toMatchObject({
      __typename: 'AcceptGroupInvitationSuccess',
      viewerStatus: 'MEMBER',
      group: { id: String(secret.id), viewerStatus: 'MEMBER' },
    });
    expect(accepted.sent).toEqual([
      [STANDING, null],
      ['batch', rereadAfter('socialnetwork.api.usertogroup.acceptOutgoingRequest')],
    ]);
  });
});

describe('typed refusals: each found by the checks costs one request and writes nothing', () => {
  const WRITES = /usertogroup\.(leave|cancelIncomingRequest|acceptOutgoingRequest|rejectOutgoingRequest)$/i;
  const noWrite = (sent: ReturnType<typeof requests>) =>
    expect(sent.flatMap(([method, batch]) => batch ?? [method]).filter((method) => WRITES.test(method))).toEqual([]);

  it.each([
    ['the owner trying to leave', 'OwnerCannotLeaveError', LeaveGroupDocument, 'leaveGroup', F.groupOwnedByDemoUser2],
    ['a member kept by department sync trying to leave', 'AutoMemberCannotLeaveError', LeaveGroupDocument, 'leaveGroup', F.groupWhereDemoUser2IsAutoMember],
    ['a stranger trying to leave', 'NotGroupMemberError', LeaveGroupDocument, 'leaveGroup', F.closedGroupWithoutDemoUser],
    ['a pending requester trying to leave', 'NotGroupMemberError', LeaveGroupDocument, 'leaveGroup', F.groupWhereDemoUser2IsPending],
    ['leaving a group that does not exist', 'GroupNotFoundError', LeaveGroupDocument, 'leaveGroup', F.missingGroupId],
    ['cancelling without a request', 'NoPendingRequestError', CancelGroupMembershipRequestDocument, 'cancelGroupMembershipRequest', F.closedGroupWithoutDemoUser],
    ['cancelling an invitation as if it were a request', 'NoPendingRequestError', CancelGroupMembershipRequestDocument, 'cancelGroupMembershipRequest', F.groupWhereDemoUser2IsInvited],
    ['cancelling in a group that does not exist', 'GroupNotFoundError', CancelGroupMembershipRequestDocument, 'cancelGroupMembershipRequest', F.missingGroupId],
    ['accepting without an invitation', 'NoInvitationError', AcceptGroupInvitationDocument, 'acceptGroupInvitation', F.groupWhereDemoUser2IsPending],
    ['declining as a member', 'NoInvitationError', DeclineGroupInvitationDocument, 'declineGroupInvitation', F.groupWhereDemoUser2IsMember],
  ] as const)('%s: %s', async (_label, typename, document, field, groupId) => {
    const relationBefore = h.sandbox.store.relation(groupId, F.demoUser2Id);
    const { result, sent } = await step(() => h.execute(document as GroupIdMutation, { groupId: String(groupId) }, ME));
    const answer = (result.body.data as Record<string, { __typename: string; groupId?: string; message?: string }> | null | undefined)?.[field];
    expect(answer).toMatchObject({ __typename: typename, groupId: String(groupId), message: expect.any(String) });
    expect(sent).toHaveLength(1);
    noWrite(sent);
    expect(h.sandbox.store.relation(groupId, F.demoUser2Id)).toEqual(relationBefore);
  });

  it('an invitation to an invisible group that does not exist: the write is tried (it refuses loudly) and answers GroupNotFoundError', async () => {
    const { result, sent } = await step(() => h.execute(AcceptGroupInvitationDocument, { groupId: String(F.missingGroupId) }, ME));
    expect(result.body.data?.acceptGroupInvitation).toMatchObject({ __typename: 'GroupNotFoundError', groupId: String(F.missingGroupId) });
    expect(sent).toEqual([
      [STANDING, null],
      ['batch', rereadAfter('socialnetwork.api.usertogroup.acceptOutgoingRequest')],
    ]);
  });

  it('a bad group id is BAD_USER_INPUT with no upstream call', async () => {
    const { result, sent } = await step(() => h.execute(LeaveGroupDocument, { groupId: 'abc' }, ME));
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(sent).toEqual([]);
  });
});

describe('viewerStatus and viewerCan on a page of groups', () => {
  const PAGE = /* GraphQL */ `
    query Page($first: Int!, $viewer: Boolean!, $owner: Boolean!) {
      groups(first: $first, orderBy: [{ field: ID, direction: ASC }]) {
        nodes {
          id
          viewerStatus @include(if: $viewer)
          viewerCan @include(if: $viewer) { leave requestMembership cancelRequest acceptInvitation invite processRequests edit }
          owner @include(if: $owner) { id }
        }
      }
    }
  `;
  type Page = { groups: { nodes: Array<{ id: string; viewerStatus?: string; viewerCan?: Record<string, boolean> }> } };
  const count = async (variables: Record<string, unknown>) => {
    const { result, sent } = await step(() => h.gql<Page>(PAGE, variables, ME));
    expect(result.body.errors).toBeUndefined();
    return { nodes: result.body.data!.groups.nodes, sent };
  };

  it('groups(first: 50): the viewer fields add exactly one request, a batch of 50 workgroup.get', async () => {
    const without = await count({ first: 50, viewer: false, owner: false });
    const withViewer = await count({ first: 50, viewer: true, owner: false });
    expect(without.sent).toHaveLength(1);
    expect(withViewer.sent).toHaveLength(2);
    expect(withViewer.sent[1]).toEqual(['batch', Array(50).fill(STANDING)]);
  });

  it('none more when other calls leave at the same level and fit its batch (first: 49 with the owners)', async () => {
    const without = await count({ first: 49, viewer: false, owner: true });
    const withViewer = await count({ first: 49, viewer: true, owner: true });
    expect(withViewer.sent).toHaveLength(without.sent.length);
    expect(withViewer.sent).toHaveLength(2);
  });

  it('first: 50 with the owners: 50 workgroup.get and the user.get make 51 commands, one batch more than Bitrix24\'s 50', async () => {
    const without = await count({ first: 50, viewer: false, owner: true });
    const withViewer = await count({ first: 50, viewer: true, owner: true });
    expect(without.sent).toHaveLength(2);
    expect(withViewer.sent).toHaveLength(3);
  });

  it('answers every status of the seed exactly', async () => {
    const { nodes } = await count({ first: 50, viewer: true, owner: false });
    const byId = new Map(nodes.map((node) => [Number(node.id), node]));
    expect(byId.get(F.groupOwnedByDemoUser2)).toMatchObject({ viewerStatus: 'OWNER', viewerCan: { leave: false, edit: true, invite: true } });
    expect(byId.get(F.groupWhereDemoUser2IsMember)).toMatchObject({ viewerStatus: 'MEMBER', viewerCan: { leave: true, requestMembership: false } });
    expect(byId.get(F.groupWhereDemoUser2IsAutoMember)).toMatchObject({ viewerStatus: 'MEMBER', viewerCan: { leave: false } });
    expect(byId.get(F.groupWhereDemoUser2IsPending)).toMatchObject({ viewerStatus: 'REQUEST_PENDING', viewerCan: { cancelRequest: true, requestMembership: false } });
    expect(byId.get(F.groupWhereDemoUser2IsInvited)).toMatchObject({ viewerStatus: 'INVITATION_PENDING', viewerCan: { acceptInvitation: true } });
    expect(byId.get(F.closedGroupWithoutDemoUser)).toMatchObject({ viewerStatus: 'NONE', viewerCan: { requestMembership: true, leave: false } });
    // Every status agrees with the portal's own store.
    const letters: Record<string, string> = { A: 'OWNER', E: 'MODERATOR', K: 'MEMBER' };
    for (const node of nodes) {
      const relation = h.sandbox.store.relation(Number(node.id), F.demoUser2Id);
      const expected = !relation ? 'NONE' : relation.role === 'Z' ? (relation.initiatedByType === 'U' ? 'REQUEST_PENDING' : 'INVITATION_PENDING') : letters[relation.role];
      expect(node.viewerStatus, `group ${node.id}`).toBe(expected);
    }
  });
});

describe('BITRIX24_D7_API=off', () => {
  let off: Harness;
  beforeAll(async () => {
    off = await startHarness({ env: { BITRIX24_D7_API: 'off' } });
  });
  afterAll(() => off.close());
  beforeEach(() => off.reset());

  it.each([
    ['cancelGroupMembershipRequest', CancelGroupMembershipRequestDocument, 'cancelMembershipRequest', F.groupWhereDemoUser2IsPending],
    ['leaveGroup', LeaveGroupDocument, 'leaveGroup', F.groupWhereDemoUser2IsMember],
    ['acceptGroupInvitation', AcceptGroupInvitationDocument, 'acceptInvitation', F.groupWhereDemoUser2IsInvited],
    ['declineGroupInvitation', DeclineGroupInvitationDocument, 'declineInvitation', F.groupWhereDemoUser2IsInvited],
  ] as const)('%s answers OperationNotSupportedError with no upstream call', async (field, document, operation, groupId) => {
    const relationBefore = off.sandbox.store.relation(groupId, F.demoUser2Id);
    const { body } = await off.execute(document as GroupIdMutation, { groupId: String(groupId) }, ME);
    expect((body.data as Record<string, unknown> | undefined)?.[field]).toEqual({
      __typename: 'OperationNotSupportedError',
      groupId: String(groupId),
      operation,
      message: expect.stringContaining(operation),
    });
    expect(off.upstreamRequests()).toEqual([]);
    expect(off.sandbox.store.relation(groupId, F.demoUser2Id)).toEqual(relationBefore);
  });

  it('viewerStatus reads the legacy list: members exact, a pending request or invitation is NONE, and nothing D7 is called', async () => {
    const statusOff = async (groupId: number) => {
      const { body } = await off.execute(GroupViewerStatusDocument, { id: String(groupId) }, ME);
      return body.data?.group;
    };
    expect(await statusOff(F.groupOwnedByDemoUser2)).toMatchObject({ viewerStatus: 'OWNER', viewerCan: { edit: true, delete: true, invite: true, leave: false, manageMembers: false } });
    expect(await statusOff(F.groupWhereDemoUser2IsMember)).toMatchObject({ viewerStatus: 'MEMBER', viewerCan: { leave: false, invite: false } });
    expect(await statusOff(F.groupWhereDemoUser2IsPending)).toMatchObject({ viewerStatus: 'NONE', viewerCan: { cancelRequest: false } });
    expect(await statusOff(F.groupWhereDemoUser2IsInvited)).toMatchObject({ viewerStatus: 'NONE', viewerCan: { acceptInvitation: false } });
    const called = off.upstreamRequests().flatMap((entry) => entry.batchMethods ?? [entry.method]);
    expect(called.filter((method) => method.startsWith('socialnetwork.api.'))).toEqual([]);
    expect(called).toContain('sonet_group.user.groups');
  });
});

describe('writes are never retried after an ambiguous failure', () => {
  let w: Harness;
  beforeAll(async () => {
    w = await startHarness({ env: { BITRIX24_TIMEOUT_MS: '400' }, gateway: { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } } });
  });
  afterAll(() => w.close());
  beforeEach(() => w.reset());

  it.each([
    ['a 500', 'server_error', 'UPSTREAM_ERROR_STATUS'],
    ['a connection reset', 'reset', 'NETWORK'],
    ['a timeout', 'hang', 'TIMEOUT'],
  ] as const)('leaveGroup: the batch carrying the write is sent once after %s', async (_label, kind, reason) => {
    // The checks batch passes (a zero-latency fault takes the first place in the queue); then every batch fails.
    w.sandbox.faults.enqueue({ kind: 'latency', latencyMs: 0, method: 'batch' }, { kind, count: 5, method: 'batch' });
    const { body } = await w.execute(LeaveGroupDocument, { groupId: String(F.groupWhereDemoUser2IsMember) }, ME);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason });
    expect(w.upstreamRequests().map((entry) => [entry.batchMethods, entry.fault])).toEqual([
      [expect.arrayContaining(CHECKS_WITH_ID), 'latency'],
      [rereadAfter('socialnetwork.api.usertogroup.leave'), kind],
    ]);
  });

  it('the checks batch, which only reads, is retried after a 500', async () => {
    w.sandbox.faults.enqueue({ kind: 'server_error', count: 1, method: 'batch' });
    const { body } = await w.execute(LeaveGroupDocument, { groupId: String(F.groupWhereDemoUser2IsMember) }, ME);
    expect(body.data?.leaveGroup).toMatchObject({ __typename: 'LeaveGroupSuccess', viewerStatus: 'NONE' });
    expect(w.upstreamRequests().map((entry) => [entry.batchMethods, entry.fault])).toEqual([
      [expect.arrayContaining(CHECKS_WITH_ID), 'server_error'],
      [expect.arrayContaining(CHECKS_WITH_ID), undefined],
      [rereadAfter('socialnetwork.api.usertogroup.leave'), undefined],
    ]);
  });
});
