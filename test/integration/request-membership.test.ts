import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

  it('costs one batch for the checks and one call for the write', async () => {
    await h.gql(MUTATION, { groupId: String(SEED_FACTS.closedGroupWithoutDemoUser) });
    const log = h.upstreamRequests();
    expect(log.slice(0, 2).map((entry) => [entry.method, entry.batchMethods && [...entry.batchMethods].sort()])).toEqual([
      ['batch', ['sonet_group.get', 'sonet_group.user.groups']],
      ['sonet_group.user.request', undefined],
    ]);
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

  it('never retries the write after a 500: it may have run', async () => {
    h.sandbox.faults.enqueue({ kind: 'server_error', count: 5, method: 'sonet_group.user.request' });
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.closedGroupWithoutDemoUser) });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.upstreamRequests().filter((entry) => entry.method === 'sonet_group.user.request')).toHaveLength(1);
  });

  it('keeps serving after upstream failures', async () => {
    h.sandbox.faults.set({ malformedRate: 1, malformedKind: 'truncated' });
    await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    h.sandbox.faults.clear();
    const response = await h.gql(MUTATION, { groupId: String(SEED_FACTS.openGroupWithoutDemoUser) });
    expect(response.body.data).toMatchObject({ requestGroupMembership: { status: 'JOINED' } });
  });
});
