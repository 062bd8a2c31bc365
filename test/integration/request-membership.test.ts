import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const MUTATION = /* GraphQL */ `
  mutation Join($groupId: ID!, $message: String) {
    requestGroupMembership(groupId: $groupId, message: $message) {
      __typename
      ... on RequestGroupMembershipSuccess { status group { id isOpen } }
      ... on MembershipError { message groupId }
      ... on AlreadyGroupMemberError { role }
      ... on MembershipRequestRefusedError { reason bitrix24Error }
    }
  }
`;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { BITRIX24_TIMEOUT_MS: '400', MAX_MESSAGE_LENGTH: '100' },
    gateway: { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } },
  });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

/** The checks batch (any order: two loaders of one tick) and the write batch (exact order: write, then re-read). */
const CHECKS = ['sonet_group.get', 'sonet_group.user.groups'];
const WRITE_AND_REREAD = ['sonet_group.user.request', 'sonet_group.get', 'sonet_group.user.groups'];

const methodsCalled = () => h.upstreamRequests().flatMap((entry) => (entry.method === 'batch' ? entry.batchMethods ?? [] : [entry.method]));

describe('requestGroupMembership: outcomes', () => {
  it('joins an open group at once (JOINED) and the portal lists the caller as a member', async () => {
    const groupId = SEED_FACTS.openGroupWithoutDemoUser;
    const response = await h.gql(MUTATION, { groupId: String(groupId), message: 'hello' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        requestGroupMembership: {
          __typename: 'RequestGroupMembershipSuccess',
          status: 'JOINED',
          group: { id: String(groupId), isOpen: true },
        },
      },
    });
    expect(h.sandbox.store.relation(groupId, SEED_FACTS.demoUserId)?.role).toBe('K');
  });

  it('files a pending request with the message for a closed group (REQUESTED)', async () => {
    const groupId = SEED_FACTS.closedGroupWithoutDemoUser;
    const response = await h.gql(MUTATION, { groupId: String(groupId), message: 'Please let me in' });
    expect(response.body).toEqual({
      data: {
        requestGroupMembership: {
          __typename: 'RequestGroupMembershipSuccess',
          status: 'REQUESTED',
          group: { id: String(groupId), isOpen: false },
        },
      },
    });
    expect(h.sandbox.store.relation(groupId, SEED_FACTS.demoUserId)).toMatchObject({
      role: 'Z',
      initiatedByType: 'U',
      message: 'Please let me in',
    });
  });

  it.each([
    ['JOINED', SEED_FACTS.openGroupWithoutDemoUser],
    ['REQUESTED', SEED_FACTS.closedGroupWithoutDemoUser],
  ])('costs exactly 2 upstream requests when %s: a batch of checks, then one batch with the write and its re-read, in that order', async (status, groupId) => {
    const response = await h.gql(MUTATION, { groupId: String(groupId) });
    expect(response.body.data).toMatchObject({ requestGroupMembership: { status } });
    expect(h.upstreamRequests().map((entry) => [entry.method, entry.batchMethods])).toEqual([
      ['batch', expect.arrayContaining(CHECKS)],
      ['batch', WRITE_AND_REREAD],
    ]);
    expect(h.upstreamRequests()[0]!.batchMethods).toHaveLength(CHECKS.length);
  });

  it('needs only the workgroup scope: a token without the user scope joins', async () => {
    h.sandbox.store.addToken('demo-sonet-only', SEED_FACTS.demoUserId, { scopes: ['sonet_group'] });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) }, 'demo-sonet-only');
    expect(response.body.data).toMatchObject({ requestGroupMembership: { __typename: 'RequestGroupMembershipSuccess', status: 'JOINED' } });
    expect(methodsCalled()).not.toContain('user.current');
  });

  it('costs exactly 1 upstream request, the checks, when it refuses before writing', async () => {
    await h.gql(MUTATION, { groupId: String(SEED_FACTS.groupWhereDemoUserIsMember) });
    expect(h.upstreamRequests().map((entry) => entry.method)).toEqual(['batch']);
    expect([...(h.upstreamRequests()[0]!.batchMethods ?? [])].sort()).toEqual([...CHECKS].sort());
  });

  it('answers GroupNotFoundError for a secret group the caller does not belong to, without writing', async () => {
    const groupId = SEED_FACTS.secretGroupWithoutDemoUser;
    const response = await h.gql(MUTATION, { groupId: String(groupId) });
    expect(response.body).toEqual({
      data: {
        requestGroupMembership: {
          __typename: 'GroupNotFoundError',
          message: `Group ${groupId} does not exist or is not visible to you.`,
          groupId: String(groupId),
        },
      },
    });
    expect(methodsCalled()).not.toContain('sonet_group.user.request');
    expect(h.sandbox.store.relation(groupId, SEED_FACTS.demoUserId)).toBeUndefined();
  });

  it('answers GroupNotFoundError for an id with no group', async () => {
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.missingGroupId) });
    expect(response.body.data).toEqual({
      requestGroupMembership: expect.objectContaining({ __typename: 'GroupNotFoundError', groupId: String(SEED_FACTS.missingGroupId) }),
    });
  });

  it.each([
    ['member', SEED_FACTS.groupWhereDemoUserIsMember, 'MEMBER', 'K'],
    ['moderator', SEED_FACTS.groupModeratedByDemoUser, 'MODERATOR', 'E'],
    ['owner', SEED_FACTS.groupOwnedByDemoUser, 'OWNER', 'A'],
  ])('refuses a %s with AlreadyGroupMemberError and writes nothing upstream', async (_label, groupId, role, letter) => {
    const response = await h.gql(MUTATION, { groupId: String(groupId) });
    expect(response.body.data).toEqual({
      requestGroupMembership: {
        __typename: 'AlreadyGroupMemberError',
        message: expect.stringContaining(`group ${groupId}`),
        groupId: String(groupId),
        role,
      },
    });
    expect(methodsCalled()).not.toContain('sonet_group.user.request');
    expect(h.sandbox.store.relation(groupId, SEED_FACTS.demoUserId)?.role).toBe(letter);
  });

  it('answers MembershipRequestRefusedError when Bitrix24 refuses (inactive group)', async () => {
    const groupId = SEED_FACTS.inactiveGroupWithoutDemoUser;
    const response = await h.gql(MUTATION, { groupId: String(groupId) });
    const result = (response.body.data as { requestGroupMembership: Record<string, unknown> }).requestGroupMembership;
    expect(result).toMatchObject({ __typename: 'MembershipRequestRefusedError', groupId: String(groupId), bitrix24Error: 'ERROR_NO_GROUP' });
    expect(typeof result.reason).toBe('string');
    expect(result.reason).not.toBe('');
    expect(h.upstreamRequests().map((entry) => entry.batchMethods)).toEqual([expect.arrayContaining(CHECKS), WRITE_AND_REREAD]);
  });

  it('answers GroupNotFoundError when the group turns secret between the checks and the write: decided by the re-read, not by the error text', async () => {
    // The portal refuses the write with `error: ""` and a text that may be in any language; what decides is the
    // re-read in the same batch, which no longer finds the group.
    const groupId = SEED_FACTS.closedGroupWithoutDemoUser;
    h.sandbox.faults.enqueue({ kind: 'latency', latencyMs: 0, method: 'batch' }, { kind: 'latency', latencyMs: 250, method: 'batch' });
    const pending = h.gql(MUTATION, { groupId: String(groupId) });
    // The checks batch is logged when answered; the write batch then waits 250 ms at the sandbox before it runs.
    await vi.waitFor(() => expect(h.upstreamRequests()).toHaveLength(1), { interval: 5, timeout: 200 });
    h.sandbox.store.group(groupId)!.visible = 'N';
    const response = await pending;
    expect(response.body.data).toEqual({
      requestGroupMembership: { __typename: 'GroupNotFoundError', message: `Group ${groupId} does not exist or is not visible to you.`, groupId: String(groupId) },
    });
    expect(h.upstreamRequests().map((entry) => [entry.batchMethods, entry.error])).toEqual([
      [expect.arrayContaining(CHECKS), undefined],
      [WRITE_AND_REREAD, undefined],
    ]);
    expect(h.sandbox.store.relation(groupId, SEED_FACTS.demoUserId)).toBeUndefined();
  });
});

describe('requestGroupMembership: errors', () => {
  it('refuses a request without a token with 401, WWW-Authenticate and no upstream call', async () => {
    const response = await h.gql(MUTATION, { groupId: '1' }, null);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
          extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' },
        },
      ],
    });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('treats a non-Bearer Authorization header as no token', async () => {
    const response = await h.gql(MUTATION, { groupId: '1' }, null, { authorization: 'Basic ZGVtby11c2VyOng=' });
    expect(response.status).toBe(401);
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('maps an expired token to UNAUTHENTICATED with a reason the client can refresh on', async () => {
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) }, 'demo-expired');
    expect(response.body).toEqual({
      data: null,
      errors: [
        {
          message: 'The Bitrix24 access token has expired; refresh it and retry.',
          path: ['requestGroupMembership'],
          locations: expect.any(Array),
          extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' },
        },
      ],
    });
  });

  it('maps an unknown token to UNAUTHENTICATED TOKEN_INVALID', async () => {
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) }, 'not-a-real-token');
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  it('maps a token without the workgroup scope to FORBIDDEN', async () => {
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) }, 'demo-noscope');
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', bitrix24Error: 'insufficient_scope' });
  });

  it.each(['abc', '0', '-1', '1.5', ' ', '99999999999', '1e3', '0x10'])('refuses groupId %j with BAD_USER_INPUT and no upstream call', async (groupId) => {
    const response = await h.gql(MUTATION, { groupId });
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'groupId' });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('refuses a message over the maximum length with BAD_USER_INPUT and no upstream call', async () => {
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser), message: 'x'.repeat(101) });
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'message must be at most 100 characters; received 101',
      extensions: { code: 'BAD_USER_INPUT', argument: 'message' },
    });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('answers UPSTREAM_UNAVAILABLE when the portal answers 500', async () => {
    h.sandbox.faults.set({ serverErrorRate: 1 });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' });
    expect(JSON.stringify(response.body)).not.toMatch(/stack|demo-user|at \w+ \(/);
  });

  it('answers UPSTREAM_UNAVAILABLE when the portal answers an HTML page', async () => {
    h.sandbox.faults.set({ malformedRate: 1, malformedKind: 'html' });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason: 'PROTOCOL' });
  });

  it('answers UPSTREAM_UNAVAILABLE when the portal hangs past the deadline', async () => {
    h.sandbox.faults.enqueue({ kind: 'hang', count: 10 });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason: 'TIMEOUT' });
  });

  it.each([
    ['a 500', 'server_error', 'UPSTREAM_ERROR_STATUS'],
    ['a connection reset', 'reset', 'NETWORK'],
    ['a timeout', 'hang', 'TIMEOUT'],
  ] as const)('never retries the batch carrying the write after %s: it may have run', async (_label, kind, reason) => {
    // The checks batch passes (a zero-latency fault consumes the first place in the queue); then every batch fails.
    h.sandbox.faults.enqueue({ kind: 'latency', latencyMs: 0, method: 'batch' }, { kind, count: 5, method: 'batch' });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.closedGroupWithoutDemoUser) });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason });
    expect(h.upstreamRequests().map((entry) => [entry.batchMethods, entry.fault])).toEqual([
      [expect.arrayContaining(CHECKS), 'latency'],
      [WRITE_AND_REREAD, kind],
    ]);
  });

  it('retries the checks batch after a 500: it only reads', async () => {
    h.sandbox.faults.enqueue({ kind: 'server_error', count: 1, method: 'batch' });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.closedGroupWithoutDemoUser) });
    expect(response.body.data).toMatchObject({ requestGroupMembership: { status: 'REQUESTED' } });
    expect(h.upstreamRequests().map((entry) => [entry.batchMethods, entry.fault])).toEqual([
      [expect.arrayContaining(CHECKS), 'server_error'],
      [expect.arrayContaining(CHECKS), undefined],
      [WRITE_AND_REREAD, undefined],
    ]);
  });

  it('keeps serving after upstream failures', async () => {
    h.sandbox.faults.set({ malformedRate: 1, malformedKind: 'truncated' });
    await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    h.sandbox.faults.clear();
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    expect(response.body.data).toMatchObject({ requestGroupMembership: { status: 'JOINED' } });
  });
});
