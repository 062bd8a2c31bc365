/**
 * The moderators' and owners' side over real sockets: the gateway on port 0 against the sandbox portal on port 0.
 * Every step asserts its exact upstream requests (and batch contents) from the sandbox's log; every typed refusal
 * is produced for real and writes nothing upstream.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import {
  AcceptGroupMembershipRequestDocument,
  ArchiveGroupDocument,
  CreateGroupDocument,
  DeleteGroupDocument,
  DenyGroupMembershipRequestDocument,
  GroupMembershipRequestsDocument,
  InviteToGroupDocument,
  RemoveGroupMemberDocument,
  SetGroupMemberRoleDocument,
  TransferGroupOwnershipDocument,
  UnarchiveGroupDocument,
  UpdateGroupDocument,
} from '../generated/graphql.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const D7 = 'socialnetwork.api.usertogroup.';
/** The caller's standing in a group (relation, INITIATE_PERMS): what Group.viewerCan reads too. */
const STANDING = 'socialnetwork.api.workgroup.get';
/** Every upstream method that writes, of those the gateway calls. */
const WRITES = new Set([
  'sonet_group.user.request', 'sonet_group.user.invite', 'sonet_group.create', 'sonet_group.update', 'sonet_group.delete', 'sonet_group.setowner',
  `${D7}acceptrequest`, `${D7}denyrequest`, `${D7}setmoderator`, `${D7}removemoderator`, `${D7}exclude`,
]);

let h: Harness;
const records: Record<string, unknown>[] = [];

beforeAll(async () => {
  const { createLogger } = await import('../../src/logger.js');
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) } });
  h = await startHarness({ gateway: { logger } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.reset();
  records.length = 0;
});

const DEMO = SEED_FACTS.demoUserId;
const DEMO2 = SEED_FACTS.demoUser2Id;
const REQUESTS_GROUP = SEED_FACTS.groupWithRequestsModeratedByDemoUser;

/** Each upstream HTTP request as the list of methods it ran (a batch's commands, or the one method), lower-cased as the portal reads them. */
const requests = () =>
  h.upstreamRequests().map((entry) => (entry.method === 'batch' ? [...(entry.batchMethods ?? [])] : [entry.method]).map((method) => method.toLowerCase()));
const sorted = (methods: string[]) => [...methods].sort();
const wrote = () => requests().flat().filter((method) => WRITES.has(method));
const writeLog = () => records.filter((record) => record.msg === 'workgroup write');

function pendingRelationId(groupId: number, userId: number): number {
  const relation = h.sandbox.store.relationRecord(groupId, userId);
  if (!relation || relation.role !== 'Z') throw new Error(`no pending relation of user ${userId} in group ${groupId}`);
  return relation.id;
}

async function requestToJoin(groupId: number, token: string): Promise<void> {
  const response = await h.gql(`mutation($g: ID!) { requestGroupMembership(groupId: $g) { __typename ... on RequestGroupMembershipSuccess { status } } }`, { g: String(groupId) }, token);
  expect(response.body.data).toEqual({ requestGroupMembership: { __typename: 'RequestGroupMembershipSuccess', status: 'REQUESTED' } });
  h.sandbox.clearLog();
}

describe('membership requests: seen and answered by a moderator', () => {
  it('demo-user-2 requests a group demo-user moderates; demo-user sees the request and accepts it in 2 upstream requests', async () => {
    await requestToJoin(REQUESTS_GROUP, 'demo-user-2');
    const requestId = `${REQUESTS_GROUP}:${pendingRelationId(REQUESTS_GROUP, DEMO2)}`;

    const seen = await h.execute(GroupMembershipRequestsDocument, { groupId: String(REQUESTS_GROUP), first: 50 });
    const connection = seen.body.data?.group?.membershipRequests;
    expect(connection?.totalCount).toBe(SEED_FACTS.pendingRequestUserIds.length + 1);
    expect(connection?.nodes.map((node) => Number(node.user.id))).toEqual([...SEED_FACTS.pendingRequestUserIds, DEMO2]);
    expect(connection?.nodes.at(-1)).toMatchObject({ id: requestId, message: null });
    // The group and the gate's read (INITIATE_PERMS and the caller's relation), looked ahead into one batch; only then
    // the list; then the users.
    expect(requests().map(sorted)).toEqual([sorted(['sonet_group.get', STANDING]), [`${D7}list`], ['user.get']]);

    h.sandbox.clearLog();
    const id = requestId;
    const members = h.sandbox.store.group(REQUESTS_GROUP)!.numberOfMembers;
    const accepted = await h.execute(AcceptGroupMembershipRequestDocument, { requestId: id });
    expect(accepted.body.data?.acceptGroupMembershipRequest).toEqual({
      __typename: 'AcceptGroupMembershipRequestSuccess',
      user: { id: String(DEMO2) },
      group: { id: String(REQUESTS_GROUP), memberCount: members + 1 },
    });
    expect(h.sandbox.store.relationRecord(REQUESTS_GROUP, DEMO2)?.role).toBe('K');
    const [checks, write, ...rest] = requests();
    expect(sorted(checks!)).toEqual(sorted(['sonet_group.get', STANDING, `${D7}list`, 'profile']));
    expect(write).toEqual([`${D7}acceptrequest`, `${D7}list`, 'sonet_group.get']);
    // The success's user is read after the answer (a field of the payload), not part of the mutation's cost.
    expect(rest).toEqual([['user.get']]);
    expect(writeLog()).toEqual([
      expect.objectContaining({ operation: 'acceptMembershipRequest', portal: new URL(h.sandbox.url).origin, groupId: REQUESTS_GROUP, callerUserId: DEMO, outcome: 'APPLIED' }),
    ]);
    expect(JSON.stringify(records)).not.toContain('demo-user');
  });

  it('denies another request: the relation is gone, in 2 upstream requests', async () => {
    const userId = SEED_FACTS.pendingRequestUserIds[0]!;
    const response = await h.execute(DenyGroupMembershipRequestDocument, { requestId: `${REQUESTS_GROUP}:${pendingRelationId(REQUESTS_GROUP, userId)}` });
    expect(response.body.data?.denyGroupMembershipRequest).toMatchObject({ __typename: 'DenyGroupMembershipRequestSuccess', user: { id: String(userId) } });
    expect(h.sandbox.store.relationRecord(REQUESTS_GROUP, userId)).toBeUndefined();
    expect(requests().slice(0, 2).map((methods, index) => (index === 0 ? sorted(methods) : methods))).toEqual([
      sorted(['sonet_group.get', STANDING, `${D7}list`, 'profile']),
      [`${D7}denyrequest`, `${D7}list`, 'sonet_group.get'],
    ]);
  });

  it('answers NoPendingRequestError for a relation that is not a pending request, with no write', async () => {
    const own = h.sandbox.store.relationRecord(REQUESTS_GROUP, DEMO)!;
    const response = await h.execute(AcceptGroupMembershipRequestDocument, { requestId: `${REQUESTS_GROUP}:${own.id}` });
    expect(response.body.data?.acceptGroupMembershipRequest).toMatchObject({ __typename: 'NoPendingRequestError', groupId: String(REQUESTS_GROUP) });
    expect(requests()).toHaveLength(1);
    expect(wrote()).toEqual([]);
  });

  it('answers NotAllowedError to a caller who may not answer requests, with no write', async () => {
    const userId = SEED_FACTS.pendingRequestUserIds[1]!;
    const response = await h.execute(DenyGroupMembershipRequestDocument, { requestId: `${REQUESTS_GROUP}:${pendingRelationId(REQUESTS_GROUP, userId)}` }, 'demo-user-2');
    expect(response.body.data?.denyGroupMembershipRequest).toMatchObject({ __typename: 'NotAllowedError', groupId: String(REQUESTS_GROUP) });
    expect(wrote()).toEqual([]);
    expect(h.sandbox.store.relationRecord(REQUESTS_GROUP, userId)?.role).toBe('Z');
  });

  it('answers GroupNotFoundError for a secret group the caller does not belong to, with no write', async () => {
    const groupId = SEED_FACTS.secretGroupWithoutDemoUser;
    const response = await h.execute(AcceptGroupMembershipRequestDocument, { requestId: `${groupId}:1` });
    expect(response.body.data?.acceptGroupMembershipRequest).toMatchObject({ __typename: 'GroupNotFoundError', groupId: String(groupId) });
    expect(wrote()).toEqual([]);
  });

  it('answers NotAllowedError when Bitrix24 answers {"result": false} (the group went inactive): nothing changes', async () => {
    const userId = SEED_FACTS.pendingRequestUserIds[2]!;
    h.sandbox.store.group(REQUESTS_GROUP)!.active = 'N';
    const response = await h.execute(AcceptGroupMembershipRequestDocument, { requestId: `${REQUESTS_GROUP}:${pendingRelationId(REQUESTS_GROUP, userId)}` });
    expect(response.body.data?.acceptGroupMembershipRequest).toMatchObject({ __typename: 'NotAllowedError', reason: expect.stringContaining('false') });
    expect(h.sandbox.store.relationRecord(REQUESTS_GROUP, userId)?.role).toBe('Z');
    expect(writeLog()).toEqual([expect.objectContaining({ operation: 'acceptMembershipRequest', outcome: 'REFUSED', detail: 'NOT_ALLOWED' })]);
  });

  it.each(['5', '5:', ':5', 'a:b', '0:1', '5:99999999999'])('refuses requestId %j with BAD_USER_INPUT and no upstream call', async (requestId) => {
    const response = await h.execute(AcceptGroupMembershipRequestDocument, { requestId });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'requestId' });
    expect(h.upstreamRequests()).toHaveLength(0);
  });
});

describe('Group.membershipRequests: the gate', () => {
  const QUERY = `query($g: ID!) { group(id: $g) { id membershipRequests(first: 50) { totalCount } } }`;

  it('is null for a stranger of a closed group with pending requests, and no usertogroup.list is sent', async () => {
    const response = await h.gql(QUERY, { g: String(REQUESTS_GROUP) }, 'demo-user-2');
    expect(response.body).toEqual({ data: { group: { id: String(REQUESTS_GROUP), membershipRequests: null } } });
    expect(requests().flat()).not.toContain(`${D7}list`);
  });

  it('is null for a plain member of a closed group with pending requests, and no usertogroup.list is sent', async () => {
    h.sandbox.store.upsertRelation(REQUESTS_GROUP, DEMO2, { role: 'K', initiatedByType: 'U', initiatedByUserId: DEMO2, message: '' }, Date.now());
    const response = await h.gql(QUERY, { g: String(REQUESTS_GROUP) }, 'demo-user-2');
    expect(response.body).toEqual({ data: { group: { id: String(REQUESTS_GROUP), membershipRequests: null } } });
    expect(requests().flat()).not.toContain(`${D7}list`);
  });

  it('is null for a plain member of a secret group with a pending request, and no usertogroup.list is sent', async () => {
    // demo-user is a plain member of a secret group where demo-user-2 moderates; a request waits there.
    const secret = h.sandbox.store.relationsOfUser(DEMO).find((relation) => relation.role === 'K' && h.sandbox.store.group(relation.groupId)!.visible === 'N')!.groupId;
    h.sandbox.store.upsertRelation(secret, 250, { role: 'Z', initiatedByType: 'U', initiatedByUserId: 250, message: '' }, Date.now());
    h.sandbox.store.group(secret)!.initiatePerms = 'E';
    const response = await h.gql(QUERY, { g: String(secret) });
    expect(response.body).toEqual({ data: { group: { id: String(secret), membershipRequests: null } } });
    expect(requests().flat()).not.toContain(`${D7}list`);
    // The moderator of that secret group does see it.
    h.reset();
    h.sandbox.store.upsertRelation(secret, 250, { role: 'Z', initiatedByType: 'U', initiatedByUserId: 250, message: '' }, Date.now());
    h.sandbox.store.group(secret)!.initiatePerms = 'E';
    const moderator = await h.gql(QUERY, { g: String(secret) }, 'demo-user-2');
    expect((moderator.body.data as { group: { membershipRequests: { totalCount: number } } }).group.membershipRequests.totalCount).toBeGreaterThanOrEqual(1);
  });

  // Ids 1..60 in ascending order: the first 50, one upstream page.
  const IDS = Array.from({ length: 60 }, (_unused, index) => String(index + 1));
  const PAGE = (extra: string) =>
    `query($ids: [ID!]) { groups(first: 50, filter: { ids: $ids }, orderBy: [{ field: ID, direction: ASC }]) { nodes { id ${extra} } } }`;
  type PageNodes = { id: string; membershipRequests: { totalCount: number } | null; viewerCan?: { processRequests: boolean } }[];
  const nodesOf = (body: { data?: unknown }) => (body.data as { groups: { nodes: PageNodes } }).groups.nodes;

  it('on a page of 50 groups without viewerCan costs exactly one upstream request more: the gate\'s facts (workgroup.list) leave in the page\'s own batch, then the lists', async () => {
    const without = await h.gql(PAGE(''), { ids: IDS });
    expect(without.body.errors).toBeUndefined();
    const baseline = requests();
    expect(baseline).toEqual([['sonet_group.get']]);
    h.reset();
    const withRequests = await h.gql(PAGE('membershipRequests(first: 5) { totalCount nodes { id } }'), { ids: IDS });
    expect(withRequests.body.errors).toBeUndefined();
    const nodes = nodesOf(withRequests.body);
    expect(nodes).toHaveLength(50);
    expect(nodes.find((node) => node.id === String(REQUESTS_GROUP))?.membershipRequests?.totalCount).toBe(SEED_FACTS.pendingRequestUserIds.length);
    const answered = nodes.filter((node) => node.membershipRequests !== null).length;
    expect(answered).toBeGreaterThanOrEqual(1);
    // The page and its mirror in one batch; then one usertogroup.list per group the caller may answer for, in one batch.
    expect(requests()).toEqual([['sonet_group.get', 'socialnetwork.api.workgroup.list'], Array.from({ length: answered }, () => `${D7}list`)]);
    expect(requests()).toHaveLength(baseline.length + 1);
  });

  it('on a page of 50 groups with viewerCan costs one upstream request more, as before: the gate no longer waits for viewerCan\'s reads, but those 50 reads and the lists overflow one batch of 50', async () => {
    const without = await h.gql(PAGE('viewerCan { processRequests }'), { ids: IDS });
    expect(without.body.errors).toBeUndefined();
    const baseline = requests();
    // The page; then viewerCan's standing, one workgroup.get per group, in one batch.
    expect(baseline.map((methods) => methods.length)).toEqual([1, 50]);
    h.reset();
    const withRequests = await h.gql(PAGE('viewerCan { processRequests } membershipRequests(first: 5) { totalCount nodes { id } }'), { ids: IDS });
    expect(withRequests.body.errors).toBeUndefined();
    const nodes = nodesOf(withRequests.body);
    expect(nodes).toHaveLength(50);
    // The mirror's decision and viewerCan's agree on every group.
    expect(nodes.every((node) => (node.membershipRequests !== null) === node.viewerCan!.processRequests)).toBe(true);
    const answered = nodes.filter((node) => node.membershipRequests !== null).length;
    const all = requests();
    expect(all).toHaveLength(baseline.length + 1);
    expect(all[0]).toEqual(['sonet_group.get', 'socialnetwork.api.workgroup.list']);
    // The lists leave in the same tick as viewerCan's reads: 50 + answered commands, in two batches.
    expect(sorted(all.slice(1).flat())).toEqual(sorted([...Array.from({ length: 50 }, () => STANDING), ...Array.from({ length: answered }, () => `${D7}list`)]));
    expect(all.slice(1).map((methods) => methods.length)).toEqual([50, answered]);
  });

  it('group(id:) with membershipRequests costs exactly one upstream request more than group(id:) alone: the gate\'s standing read leaves with the group\'s', async () => {
    await h.gql(`query($g: ID!) { group(id: $g) { id } }`, { g: String(REQUESTS_GROUP) });
    const baseline = requests();
    expect(baseline).toEqual([['sonet_group.get']]);
    h.reset();
    const response = await h.gql(QUERY, { g: String(REQUESTS_GROUP) });
    expect(response.body).toEqual({ data: { group: { id: String(REQUESTS_GROUP), membershipRequests: { totalCount: SEED_FACTS.pendingRequestUserIds.length } } } });
    expect(requests().map(sorted)).toEqual([sorted(['sonet_group.get', STANDING]), [`${D7}list`]]);
  });

  it('viewer.groups with membershipRequests costs exactly one upstream request more than without: every group\'s standing read leaves in the groups\' own batch', async () => {
    await h.gql('{ viewer { groups { group { id } } } }');
    const baseline = requests();
    expect(baseline).toEqual([['sonet_group.user.groups'], ['sonet_group.get']]);
    h.reset();
    const response = await h.gql('{ viewer { groups { role group { id membershipRequests(first: 5) { totalCount } } } } }');
    type ViewerGroups = { data: { viewer: { groups: { role: string; group: { id: string; membershipRequests: { totalCount: number } | null } }[] } } };
    const groups = (response.body as ViewerGroups).data.viewer.groups;
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.find((entry) => entry.group.id === String(REQUESTS_GROUP))?.group.membershipRequests).toEqual({
      totalCount: SEED_FACTS.pendingRequestUserIds.length,
    });
    const answered = groups.filter((entry) => entry.group.membershipRequests !== null).length;
    expect(requests().map(sorted)).toEqual([
      ['sonet_group.user.groups'],
      sorted(['sonet_group.get', ...groups.map(() => STANDING)]),
      Array.from({ length: answered }, () => `${D7}list`),
    ]);
  });

  it('_entities with membershipRequests costs exactly one upstream request more than without: the standing read leaves with the group\'s', async () => {
    const ENTITIES = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { id ${selection} } } }`;
    const representations = { r: [{ __typename: 'Group', id: String(REQUESTS_GROUP) }] };
    await h.gql(ENTITIES(''), representations);
    expect(requests()).toEqual([['sonet_group.get']]);
    h.reset();
    const response = await h.gql(ENTITIES('membershipRequests(first: 5) { totalCount }'), representations);
    expect(response.body).toEqual({
      data: { _entities: [{ id: String(REQUESTS_GROUP), membershipRequests: { totalCount: SEED_FACTS.pendingRequestUserIds.length } }] },
    });
    expect(requests().map(sorted)).toEqual([sorted(['sonet_group.get', STANDING]), [`${D7}list`]]);
  });

  it.each(['A', 'E'] as const)('is null on a page for a plain member when INITIATE_PERMS=%s, decided from the mirror alone, and no usertogroup.list is sent', async (perms) => {
    h.sandbox.store.upsertRelation(REQUESTS_GROUP, DEMO2, { role: 'K', initiatedByType: 'U', initiatedByUserId: DEMO2, message: '' }, Date.now());
    h.sandbox.store.group(REQUESTS_GROUP)!.initiatePerms = perms;
    const response = await h.gql(PAGE('membershipRequests(first: 5) { totalCount }'), { ids: [String(REQUESTS_GROUP)] }, 'demo-user-2');
    expect(response.body).toEqual({ data: { groups: { nodes: [{ id: String(REQUESTS_GROUP), membershipRequests: null }] } } });
    // One request: the page and its mirror (which says "member"); no standing read, no list.
    expect(requests()).toEqual([['sonet_group.get', 'socialnetwork.api.workgroup.list']]);
  });

  it('is null on a page for a stranger of a closed group with pending requests, and no usertogroup.list is sent', async () => {
    const response = await h.gql(PAGE('membershipRequests(first: 5) { totalCount }'), { ids: [String(REQUESTS_GROUP)] }, 'demo-user-2');
    expect(response.body).toEqual({ data: { groups: { nodes: [{ id: String(REQUESTS_GROUP), membershipRequests: null }] } } });
    expect(requests()).toEqual([['sonet_group.get', 'socialnetwork.api.workgroup.list']]);
  });

  it('a group of the page that the mirror did not return takes the per-group path (its standing, then its list); the others are decided from the mirror alone', async () => {
    const QUERY_PAGE = PAGE('membershipRequests(first: 5) { totalCount nodes { id } }');
    const expected = await h.gql(QUERY_PAGE, { ids: IDS });
    const pageIds = nodesOf(expected.body).map((node) => Number(node.id));
    expect(pageIds).toHaveLength(50);
    // Real rows of the portal, as the mirror reads them, for the first 25 groups of the page only: the two lists disagree.
    const partial = await fetch(`${h.sandbox.url}/rest/socialnetwork.api.workgroup.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: 'demo-user',
        filter: { '@ID': pageIds.slice(0, 25) },
        select: ['ID', 'OWNER_ID', 'INITIATE_PERMS', 'SCRUM_MASTER_ID', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED'],
        params: { mode: 'mobile' },
      }),
    }).then((response) => response.json() as Promise<{ result: { workgroups: unknown[] } }>);
    expect(partial.result.workgroups).toHaveLength(25);
    h.sandbox.clearLog();
    h.sandbox.faults.failSubCall({ method: 'socialnetwork.api.workgroup.list', result: partial.result });
    const response = await h.gql(QUERY_PAGE, { ids: IDS });
    expect(response.body).toEqual(expected.body);
    // One standing read per group the mirror left out, and none for the 25 it returned.
    expect(requests().flat().filter((method) => method === STANDING)).toHaveLength(25);
    expect(requests()[0]).toEqual(['sonet_group.get', 'socialnetwork.api.workgroup.list']);
  });

  it('when the mirror read fails, every group falls back to the caller\'s standing, then the lists: the same answers, in 3 upstream requests instead of 2', async () => {
    const expected = await h.gql(PAGE('membershipRequests(first: 5) { totalCount nodes { id } }'), { ids: IDS });
    h.reset();
    h.sandbox.faults.failSubCall({ method: 'socialnetwork.api.workgroup.list', error: 'SOME_D7_FAILURE', errorDescription: 'the list is unavailable', status: 400 });
    const response = await h.gql(PAGE('membershipRequests(first: 5) { totalCount nodes { id } }'), { ids: IDS });
    expect(response.body).toEqual(expected.body);
    const answered = nodesOf(response.body).filter((node) => node.membershipRequests !== null).length;
    expect(requests()).toEqual([
      ['sonet_group.get', 'socialnetwork.api.workgroup.list'],
      Array.from({ length: 50 }, () => STANDING),
      Array.from({ length: answered }, () => `${D7}list`),
    ]);
  });
});

/** The answer's typename, or the whole body when the operation failed. */
function typename(body: { data?: Record<string, unknown> | null; errors?: unknown }, field: string): string {
  const value = body.data?.[field] as { __typename?: string } | undefined;
  if (!value?.__typename) throw new Error(`no answer: ${JSON.stringify(body)}`);
  return value.__typename;
}

describe('an owner runs a group through the gateway', () => {
  it('creates a closed group, accepts a request, promotes, demotes, removes, invites, transfers, edits, archives, unarchives and deletes it: each mutation 2 upstream requests at most, inviteToGroup 3', async () => {
    const steps: [string, string[][]][] = [];
    const step = (name: string) => {
      steps.push([name, requests()]);
      h.sandbox.clearLog();
    };

    const created = await h.execute(CreateGroupDocument, { input: { name: '  Harbour crew  ', description: 'Night shift', keywords: 'boats,night', isOpen: false, whoMayInvite: 'OWNER_AND_MODERATORS' } });
    const group = created.body.data?.createGroup;
    if (group?.__typename !== 'CreateGroupSuccess') throw new Error(JSON.stringify(created.body));
    expect(group.group).toMatchObject({ name: 'Harbour crew', description: 'Night shift', keywords: 'boats,night', isOpen: false, isVisible: true, isArchived: false });
    const groupId = Number(group.group.id);
    expect(h.sandbox.store.group(groupId)).toMatchObject({ ownerId: DEMO, initiatePerms: 'E', opened: 'N' });
    step('createGroup');

    await requestToJoin(groupId, 'demo-user-2');
    const requestId = `${groupId}:${pendingRelationId(groupId, DEMO2)}`;
    expect(typename((await h.execute(AcceptGroupMembershipRequestDocument, { requestId })).body, 'acceptGroupMembershipRequest')).toBe('AcceptGroupMembershipRequestSuccess');
    step('acceptGroupMembershipRequest');

    const promoted = await h.execute(SetGroupMemberRoleDocument, { groupId: String(groupId), userId: String(DEMO2), role: 'MODERATOR' });
    expect(promoted.body.data?.setGroupMemberRole).toMatchObject({ __typename: 'SetGroupMemberRoleSuccess', role: 'MODERATOR', changed: true });
    expect(h.sandbox.store.relationRecord(groupId, DEMO2)?.role).toBe('E');
    step('setGroupMemberRole MODERATOR');

    const demoted = await h.execute(SetGroupMemberRoleDocument, { groupId: String(groupId), userId: String(DEMO2), role: 'MEMBER' });
    expect(demoted.body.data?.setGroupMemberRole).toMatchObject({ __typename: 'SetGroupMemberRoleSuccess', role: 'MEMBER', changed: true });
    expect(h.sandbox.store.relationRecord(groupId, DEMO2)?.role).toBe('K');
    step('setGroupMemberRole MEMBER');

    const removed = await h.execute(RemoveGroupMemberDocument, { groupId: String(groupId), userId: String(DEMO2) });
    expect(removed.body.data?.removeGroupMember).toMatchObject({ __typename: 'RemoveGroupMemberSuccess', role: null, changed: true });
    expect(h.sandbox.store.relationRecord(groupId, DEMO2)).toBeUndefined();
    step('removeGroupMember');

    const invited = await h.execute(InviteToGroupDocument, { groupId: String(groupId), userIds: [String(DEMO2), '9999', String(DEMO)], message: 'Come aboard' });
    expect(invited.body.data?.inviteToGroup).toEqual({
      __typename: 'InviteToGroupSuccess',
      invited: [{ id: String(DEMO2) }],
      skipped: [
        { userId: '9999', reason: 'NOT_FOUND' },
        { userId: String(DEMO), reason: 'ALREADY_MEMBER' },
      ],
    });
    expect(h.sandbox.store.relationRecord(groupId, DEMO2)).toMatchObject({ role: 'Z', initiatedByType: 'G', message: 'Come aboard' });
    step('inviteToGroup');

    // demo-user-2 accepts the invitation (the caller's side, straight in the store) and becomes the owner.
    h.sandbox.store.setRole(groupId, DEMO2, 'K', Date.now());
    const transferred = await h.execute(TransferGroupOwnershipDocument, { groupId: String(groupId), userId: String(DEMO2) });
    expect(transferred.body.data?.transferGroupOwnership).toMatchObject({ __typename: 'TransferGroupOwnershipSuccess', role: 'OWNER', changed: true });
    expect(h.sandbox.store.group(groupId)?.ownerId).toBe(DEMO2);
    expect(h.sandbox.store.relationRecord(groupId, DEMO)?.role).toBe('E');
    step('transferGroupOwnership');

    // From here the new owner runs it.
    const asOwner = 'demo-user-2';
    const edited = await h.execute(UpdateGroupDocument, { groupId: String(groupId), input: { name: 'Harbour crew (day)', isProject: true } }, asOwner);
    expect(edited.body.data?.updateGroup).toMatchObject({ __typename: 'UpdateGroupSuccess', changed: true, group: { name: 'Harbour crew (day)', isProject: true } });
    step('updateGroup');

    const archived = await h.execute(ArchiveGroupDocument, { groupId: String(groupId) }, asOwner);
    expect(archived.body.data?.archiveGroup).toMatchObject({ __typename: 'ArchiveGroupSuccess', changed: true, group: { isArchived: true } });
    step('archiveGroup');

    const unarchived = await h.execute(UnarchiveGroupDocument, { groupId: String(groupId) }, asOwner);
    expect(unarchived.body.data?.unarchiveGroup).toMatchObject({ __typename: 'UnarchiveGroupSuccess', changed: true, group: { isArchived: false } });
    step('unarchiveGroup');

    const wrongName = await h.execute(DeleteGroupDocument, { groupId: String(groupId), confirmName: 'Harbour crew' }, asOwner);
    expect(wrongName.body.data?.deleteGroup).toMatchObject({ __typename: 'ConfirmationMismatchError', groupId: String(groupId) });
    expect(h.sandbox.store.group(groupId)).toBeDefined();
    expect(wrote()).toEqual([]);
    step('deleteGroup (wrong name)');

    const deleted = await h.execute(DeleteGroupDocument, { groupId: String(groupId), confirmName: 'Harbour crew (day)' }, asOwner);
    expect(deleted.body.data?.deleteGroup).toEqual({ __typename: 'DeleteGroupSuccess', groupId: String(groupId) });
    expect(h.sandbox.store.group(groupId)).toBeUndefined();
    step('deleteGroup');

    const counts = Object.fromEntries(steps.map(([name, sent]) => [name, sent.length]));
    const mutationCost = Object.fromEntries(
      steps.map(([name, sent]) => [name, sent.filter((methods) => !(methods.length === 1 && methods[0] === 'user.get')).length]),
    );
    // Each mutation: the checks batch, then the write with its re-read. create: the write, then the re-read; the
    // wrong name: the checks only. A trailing user.get is a payload field (the users named in the answer).
    expect(mutationCost).toEqual({
      createGroup: 2,
      acceptGroupMembershipRequest: 2,
      'setGroupMemberRole MODERATOR': 2,
      'setGroupMemberRole MEMBER': 2,
      removeGroupMember: 2,
      inviteToGroup: 3,
      transferGroupOwnership: 2,
      updateGroup: 2,
      archiveGroup: 2,
      unarchiveGroup: 2,
      'deleteGroup (wrong name)': 1,
      deleteGroup: 2,
    });
    expect(counts.createGroup).toBe(2);
    const byName = Object.fromEntries(steps);
    // The caller's id for the write log rides with the write (no checks precede a create).
    expect(byName.createGroup).toEqual([['profile', 'sonet_group.create'], ['sonet_group.get']]);
    expect(byName['setGroupMemberRole MODERATOR']![1]).toEqual([`${D7}setmoderator`, 'sonet_group.user.get', 'sonet_group.get']);
    expect(byName['setGroupMemberRole MEMBER']![1]).toEqual([`${D7}removemoderator`, 'sonet_group.user.get', 'sonet_group.get']);
    expect(byName.removeGroupMember![1]).toEqual([`${D7}exclude`, 'sonet_group.user.get', 'sonet_group.get']);
    expect(byName.inviteToGroup![1]).toEqual([`${D7}list`]);
    expect(byName.inviteToGroup![2]).toEqual(['sonet_group.user.invite', 'sonet_group.get']);
    expect(byName.transferGroupOwnership![1]).toEqual(['sonet_group.setowner', 'sonet_group.user.get', 'sonet_group.get']);
    for (const name of ['updateGroup', 'archiveGroup', 'unarchiveGroup']) expect(byName[name]![1]).toEqual(['sonet_group.update', 'sonet_group.get']);
    expect(byName.deleteGroup![1]).toEqual(['sonet_group.delete', 'sonet_group.get']);
    expect(writeLog().map((record) => [record.operation, record.outcome, record.callerUserId])).toEqual([
      ['createGroup', 'APPLIED', DEMO],
      ['acceptMembershipRequest', 'APPLIED', DEMO],
      ['setMemberRole', 'APPLIED', DEMO],
      ['setMemberRole', 'APPLIED', DEMO],
      ['removeMember', 'APPLIED', DEMO],
      ['inviteToGroup', 'APPLIED', DEMO],
      ['transferOwnership', 'APPLIED', DEMO],
      ['updateGroup', 'APPLIED', DEMO2],
      ['archiveGroup', 'APPLIED', DEMO2],
      ['unarchiveGroup', 'APPLIED', DEMO2],
      ['deleteGroup', 'APPLIED', DEMO2],
    ]);
  });
});

describe('typed refusals: each produced for real, none writes upstream', () => {
  const OWNED = SEED_FACTS.groupOwnedByDemoUser;
  const MODERATED = REQUESTS_GROUP;

  /** A plain member of a group demo-user owns, made in the store. */
  const member = (groupId: number, userId: number, role: 'K' | 'E' = 'K') =>
    h.sandbox.store.upsertRelation(groupId, userId, { role, initiatedByType: 'U', initiatedByUserId: userId, message: '' }, Date.now());

  it('inviteToGroup: NotAllowedError when the group\'s invite setting leaves the caller out, with no write', async () => {
    // demo-user-2 is a plain member of a group where only the owner and moderators may invite.
    member(MODERATED, DEMO2);
    const response = await h.execute(InviteToGroupDocument, { groupId: String(MODERATED), userIds: ['250'] }, 'demo-user-2');
    expect(response.body.data?.inviteToGroup).toMatchObject({ __typename: 'NotAllowedError', groupId: String(MODERATED) });
    expect(wrote()).toEqual([]);
    expect(requests().flat()).not.toContain(`${D7}list`);
  });

  it('inviteToGroup: GroupNotFoundError for a secret group, with no write', async () => {
    const response = await h.execute(InviteToGroupDocument, { groupId: String(SEED_FACTS.secretGroupWithoutDemoUser), userIds: ['250'] });
    expect(response.body.data?.inviteToGroup).toMatchObject({ __typename: 'GroupNotFoundError' });
    expect(wrote()).toEqual([]);
  });

  it('inviteToGroup with 120 users costs 3 upstream requests (at most 4), and skips the pending ones with their reason', async () => {
    const pending = SEED_FACTS.pendingRequestUserIds;
    const userIds = Array.from({ length: 120 }, (_unused, index) => String(100 + index));
    const response = await h.execute(InviteToGroupDocument, { groupId: String(MODERATED), userIds });
    const result = response.body.data?.inviteToGroup;
    if (result?.__typename !== 'InviteToGroupSuccess') throw new Error(JSON.stringify(response.body));
    const skipped = new Map(result.skipped.map((skip) => [Number(skip.userId), skip.reason]));
    const expectedSkips = new Map<number, string>();
    for (const relation of h.sandbox.store.relationsOfGroup(MODERATED)) {
      if (relation.userId < 100 || relation.userId >= 220) continue;
      if (pending.includes(relation.userId)) expect(relation.role).toBe('Z');
    }
    for (const userId of pending) if (userId >= 100 && userId < 220) expectedSkips.set(userId, 'REQUEST_PENDING');
    for (const [userId, reason] of expectedSkips) expect(skipped.get(userId)).toBe(reason);
    expect(result.invited.length + result.skipped.length).toBe(120);
    for (const user of result.invited) expect(h.sandbox.store.relationRecord(MODERATED, Number(user.id))).toMatchObject({ role: 'Z', initiatedByType: 'G' });
    const mutation = requests().filter((methods) => !(methods.length === 1 && methods[0] === 'user.get'));
    expect(mutation).toHaveLength(3);
    expect(mutation[0]!.filter((method) => method === 'user.get')).toHaveLength(3);
    expect(mutation[2]).toEqual(['sonet_group.user.invite', 'sonet_group.get']);
  });

  it('setGroupMemberRole: NotGroupMemberError for a user with only a pending request, with no write', async () => {
    const userId = SEED_FACTS.pendingRequestUserIds[0]!;
    const response = await h.execute(SetGroupMemberRoleDocument, { groupId: String(OWNED), userId: String(userId), role: 'MODERATOR' });
    expect(response.body.data?.setGroupMemberRole).toMatchObject({ __typename: 'NotGroupMemberError', userId: String(userId) });
    expect(requests()).toHaveLength(1);
    expect(wrote()).toEqual([]);
  });

  it('setGroupMemberRole: NotAllowedError when the target is the owner, with no write', async () => {
    const owner = h.sandbox.store.group(MODERATED)!.ownerId;
    const response = await h.execute(SetGroupMemberRoleDocument, { groupId: String(MODERATED), userId: String(owner), role: 'MEMBER' });
    expect(response.body.data?.setGroupMemberRole).toMatchObject({ __typename: 'NotAllowedError', reason: expect.stringContaining('transferring') });
    expect(wrote()).toEqual([]);
  });

  it('setGroupMemberRole: NotAllowedError with the portal\'s words when Bitrix24 refuses a moderator (403): nothing changes', async () => {
    member(MODERATED, DEMO2);
    const response = await h.execute(SetGroupMemberRoleDocument, { groupId: String(MODERATED), userId: String(DEMO2), role: 'MODERATOR' });
    expect(response.body.data?.setGroupMemberRole).toEqual({
      __typename: 'NotAllowedError',
      message: expect.any(String),
      groupId: String(MODERATED),
      reason: 'Insufficient permissions to complete the operation.',
    });
    expect(h.sandbox.store.relationRecord(MODERATED, DEMO2)?.role).toBe('K');
    expect(requests()[1]).toEqual([`${D7}setmoderator`, 'sonet_group.user.get', 'sonet_group.get']);
  });

  it('setGroupMemberRole: OWNER is BAD_USER_INPUT with no upstream call', async () => {
    const response = await h.execute(SetGroupMemberRoleDocument, { groupId: String(OWNED), userId: String(DEMO2), role: 'OWNER' });
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'role' } });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('setGroupMemberRole: the role the member already has changes nothing and writes nothing', async () => {
    member(OWNED, DEMO2, 'E');
    const response = await h.execute(SetGroupMemberRoleDocument, { groupId: String(OWNED), userId: String(DEMO2), role: 'MODERATOR' });
    expect(response.body.data?.setGroupMemberRole).toMatchObject({ __typename: 'SetGroupMemberRoleSuccess', role: 'MODERATOR', changed: false });
    expect(wrote()).toEqual([]);
  });

  it('removeGroupMember: NotAllowedError for the owner, GroupNotFoundError for a secret group; no write', async () => {
    const owner = await h.execute(RemoveGroupMemberDocument, { groupId: String(OWNED), userId: String(DEMO) });
    expect(owner.body.data?.removeGroupMember).toMatchObject({ __typename: 'NotAllowedError', reason: expect.stringContaining('owner') });
    const secret = await h.execute(RemoveGroupMemberDocument, { groupId: String(SEED_FACTS.secretGroupWithoutDemoUser), userId: '250' });
    expect(secret.body.data?.removeGroupMember).toMatchObject({ __typename: 'GroupNotFoundError' });
    expect(wrote()).toEqual([]);
  });

  it('transferGroupOwnership: NotGroupMemberError for a non-member, NotAllowedError from Bitrix24 for a moderator; nothing changes', async () => {
    const stranger = await h.execute(TransferGroupOwnershipDocument, { groupId: String(OWNED), userId: '250' });
    expect(stranger.body.data?.transferGroupOwnership).toMatchObject({ __typename: 'NotGroupMemberError', userId: '250' });
    expect(wrote()).toEqual([]);
    h.sandbox.clearLog();
    member(MODERATED, DEMO2);
    const moderator = await h.execute(TransferGroupOwnershipDocument, { groupId: String(MODERATED), userId: String(DEMO2) });
    expect(moderator.body.data?.transferGroupOwnership).toMatchObject({ __typename: 'NotAllowedError' });
    expect(h.sandbox.store.group(MODERATED)!.ownerId).not.toBe(DEMO2);
  });

  it('updateGroup and archiveGroup: NotAllowedError with the portal\'s words for a caller who does not own the group; nothing changes', async () => {
    const before = { ...h.sandbox.store.group(MODERATED)! };
    const update = await h.execute(UpdateGroupDocument, { groupId: String(MODERATED), input: { name: 'Mine now' } });
    expect(update.body.data?.updateGroup).toMatchObject({ __typename: 'NotAllowedError', reason: expect.any(String) });
    const archive = await h.execute(ArchiveGroupDocument, { groupId: String(MODERATED) });
    expect(archive.body.data?.archiveGroup).toMatchObject({ __typename: 'NotAllowedError' });
    expect(h.sandbox.store.group(MODERATED)).toMatchObject({ name: before.name, closed: before.closed });
  });

  it('deleteGroup: GroupNotFoundError for a secret group, ConfirmationMismatchError for a wrong name (no write), NotAllowedError for a moderator', async () => {
    const secret = await h.execute(DeleteGroupDocument, { groupId: String(SEED_FACTS.secretGroupWithoutDemoUser), confirmName: 'x' });
    expect(secret.body.data?.deleteGroup).toMatchObject({ __typename: 'GroupNotFoundError' });
    const name = h.sandbox.store.group(OWNED)!.name;
    for (const wrong of [name.toUpperCase(), ` ${name}`, name.slice(0, -1)]) {
      const response = await h.execute(DeleteGroupDocument, { groupId: String(OWNED), confirmName: wrong });
      expect(response.body.data?.deleteGroup).toMatchObject({ __typename: 'ConfirmationMismatchError', groupId: String(OWNED) });
    }
    expect(wrote()).toEqual([]);
    const moderated = h.sandbox.store.group(MODERATED)!.name;
    const moderator = await h.execute(DeleteGroupDocument, { groupId: String(MODERATED), confirmName: moderated });
    expect(moderator.body.data?.deleteGroup).toMatchObject({ __typename: 'NotAllowedError' });
    expect(h.sandbox.store.group(MODERATED)).toBeDefined();
    expect(h.sandbox.store.group(OWNED)).toBeDefined();
  });

  it.each([
    ['a blank name', { name: '   ' }, 'input.name'],
    ['a name over 255 characters', { name: 'x'.repeat(256) }, 'input.name'],
    ['an open secret group', { name: 'Hidden', isVisible: false, isOpen: true }, 'input.isOpen'],
    ['a project that ends before it starts', { name: 'P', projectStart: '2026-05-02T00:00:00Z', projectFinish: '2026-05-01T00:00:00Z' }, 'input.projectFinish'],
    ['a bad subject id', { name: 'S', subjectId: 'abc' }, 'input.subjectId'],
  ])('createGroup refuses %s with BAD_USER_INPUT and no upstream call', async (_label, input, argument) => {
    const response = await h.gql(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename } }`, { input });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('updateGroup with no field is BAD_USER_INPUT; inviteToGroup with no users or 251 is BAD_USER_INPUT; no upstream call', async () => {
    const update = await h.execute(UpdateGroupDocument, { groupId: String(OWNED), input: {} });
    expect(update.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input' });
    const none = await h.execute(InviteToGroupDocument, { groupId: String(OWNED), userIds: [] });
    expect(none.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'userIds' });
    const many = await h.execute(InviteToGroupDocument, { groupId: String(OWNED), userIds: Array.from({ length: 251 }, (_unused, index) => String(index + 1)) });
    expect(many.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'userIds' });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it.each([
    ['a 500', 'server_error', 'UPSTREAM_ERROR_STATUS'],
    ['a connection reset', 'reset', 'NETWORK'],
  ] as const)('never retries the batch carrying a write after %s, and logs it as FAILED', async (_label, kind, reason) => {
    h.sandbox.faults.enqueue({ kind: 'latency', latencyMs: 0, method: 'batch' }, { kind, count: 5, method: 'batch' });
    const response = await h.execute(ArchiveGroupDocument, { groupId: String(OWNED) });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason });
    expect(h.upstreamRequests().map((entry) => [entry.batchMethods, entry.fault])).toEqual([
      [expect.arrayContaining(['sonet_group.get', 'profile']), 'latency'],
      [['sonet_group.update', 'sonet_group.get'], kind],
    ]);
    expect(writeLog()).toEqual([expect.objectContaining({ operation: 'archiveGroup', outcome: 'FAILED', groupId: OWNED, callerUserId: DEMO })]);
  });
});

describe('PortalRefusedError, produced for real: the portal refuses the one write attempt, nothing changes, nothing is retried', () => {
  const OWNED = SEED_FACTS.groupOwnedByDemoUser;
  const REFUSAL_FIELDS = `__typename ... on WorkgroupError { message groupId } ... on PortalRefusedError { reason bitrix24Error }`;
  const ACCEPT = `mutation($id: ID!) { acceptGroupMembershipRequest(requestId: $id) { ${REFUSAL_FIELDS} } }`;
  const SET_ROLE = `mutation($g: ID!, $u: ID!) { setGroupMemberRole(groupId: $g, userId: $u, role: MODERATOR) { ${REFUSAL_FIELDS} } }`;
  const REMOVE = `mutation($g: ID!, $u: ID!) { removeGroupMember(groupId: $g, userId: $u) { ${REFUSAL_FIELDS} } }`;
  /** Everything the portal holds that these writes could touch. */
  const portalState = () => structuredClone({ groups: h.sandbox.store.groups(), relations: h.sandbox.store.relations() });
  /** How many times the write was sent, across every upstream request. */
  const sent = (method: string) => requests().flat().filter((name) => name === method.toLowerCase()).length;
  /** A plain member (K) of the group demo-user owns. */
  const plainMember = () => h.sandbox.store.relationsOfGroup(OWNED).find((relation) => relation.role === 'K')!.userId;
  const refused = (groupId: number, reason: string, bitrix24Error: string) => ({
    __typename: 'PortalRefusedError',
    message: `Bitrix24 refused the operation on group ${groupId}: ${reason}`,
    groupId: String(groupId),
    reason,
    bitrix24Error,
  });

  it('acceptGroupMembershipRequest: acceptRequest answers an error the use case does not map (100) → the portal\'s code and text', async () => {
    const userId = SEED_FACTS.pendingRequestUserIds[0]!;
    const relationId = pendingRelationId(REQUESTS_GROUP, userId);
    h.sandbox.faults.failSubCall({ method: `${D7}acceptRequest`, paramEquals: { relationId: String(relationId) }, error: '100', errorDescription: 'Could not confirm the request.', status: 400 });
    const before = portalState();
    const response = await h.gql(ACCEPT, { id: `${REQUESTS_GROUP}:${relationId}` });
    expect(response.body).toEqual({ data: { acceptGroupMembershipRequest: refused(REQUESTS_GROUP, 'Could not confirm the request.', '100') } });
    expect(requests()).toHaveLength(2);
    expect(sent(`${D7}acceptRequest`)).toBe(1);
    expect(portalState()).toEqual(before);
    expect(writeLog()).toEqual([expect.objectContaining({ operation: 'acceptMembershipRequest', outcome: 'REFUSED', detail: 'PORTAL_REFUSED' })]);
  });

  it('acceptGroupMembershipRequest: acceptRequest answers true and the re-read shows the request still pending (a silent skip)', async () => {
    const userId = SEED_FACTS.pendingRequestUserIds[1]!;
    const relationId = pendingRelationId(REQUESTS_GROUP, userId);
    h.sandbox.faults.failSubCall({ method: `${D7}acceptRequest`, paramEquals: { relationId: String(relationId) }, result: true });
    const before = portalState();
    const response = await h.gql(ACCEPT, { id: `${REQUESTS_GROUP}:${relationId}` });
    expect(response.body).toEqual({ data: { acceptGroupMembershipRequest: refused(REQUESTS_GROUP, 'Bitrix24 answered true but the request is still pending', '') } });
    expect(requests()).toHaveLength(2);
    expect(sent(`${D7}acceptRequest`)).toBe(1);
    expect(portalState()).toEqual(before);
  });

  it.each([
    ['setGroupMemberRole', SET_ROLE, 'setModerator', false, 'Bitrix24 answered false'],
    ['setGroupMemberRole', SET_ROLE, 'setModerator', true, 'Bitrix24 answered true but the change is not there'],
    ['removeGroupMember', REMOVE, 'exclude', false, 'Bitrix24 answered false'],
    ['removeGroupMember', REMOVE, 'exclude', true, 'Bitrix24 answered true but the change is not there'],
  ] as const)('%s: %s answers {"result": %s} → "%s"', async (field, mutation, action, result, reason) => {
    const userId = plainMember();
    h.sandbox.faults.failSubCall({ method: `${D7}${action}`, paramEquals: { userId: String(userId) }, result });
    const before = portalState();
    const response = await h.gql(mutation, { g: String(OWNED), u: String(userId) });
    expect(response.body).toEqual({ data: { [field]: refused(OWNED, reason, '') } });
    // The checks, then the write with its re-read: the write once, never again.
    expect(requests()).toHaveLength(2);
    expect(sent(`${D7}${action}`)).toBe(1);
    expect(portalState()).toEqual(before);
    expect(h.sandbox.store.relationRecord(OWNED, userId)?.role).toBe('K');
  });
});

describe('BITRIX24_D7_API=off', () => {
  let off: Harness;
  beforeAll(async () => {
    off = await startHarness({ env: { BITRIX24_D7_API: 'off' } });
  });
  afterAll(() => off.close());

  it('answers OperationNotSupportedError for the D7 operations with no upstream call, and membershipRequests is null without reading requests', async () => {
    const accept = await off.execute(AcceptGroupMembershipRequestDocument, { requestId: `${REQUESTS_GROUP}:1` });
    expect(accept.body.data?.acceptGroupMembershipRequest).toMatchObject({ __typename: 'OperationNotSupportedError' });
    const role = await off.execute(SetGroupMemberRoleDocument, { groupId: String(REQUESTS_GROUP), userId: '250', role: 'MODERATOR' });
    expect(role.body.data?.setGroupMemberRole).toMatchObject({ __typename: 'OperationNotSupportedError' });
    const remove = await off.execute(RemoveGroupMemberDocument, { groupId: String(REQUESTS_GROUP), userId: '250' });
    expect(remove.body.data?.removeGroupMember).toMatchObject({ __typename: 'OperationNotSupportedError' });
    expect(off.upstreamRequests()).toHaveLength(0);
    const requestsQuery = await off.execute(GroupMembershipRequestsDocument, { groupId: String(REQUESTS_GROUP) });
    expect(requestsQuery.body.data?.group?.membershipRequests).toBeNull();
    // Nor is the gate's mirror read sent with a page of groups.
    const page = await off.gql(`{ groups(first: 50) { nodes { id membershipRequests(first: 5) { totalCount } } } }`);
    expect(page.body.errors).toBeUndefined();
    expect((page.body.data as { groups: { nodes: { membershipRequests: unknown }[] } }).groups.nodes.every((node) => node.membershipRequests === null)).toBe(true);
    expect(off.upstreamRequests().flatMap((entry) => [entry.method, ...(entry.batchMethods ?? [])]).some((method) => method.toLowerCase().startsWith('socialnetwork.api.'))).toBe(false);
    expect(off.upstreamRequests().flatMap((entry) => [entry.method, ...(entry.batchMethods ?? [])]).some((method) => method.toLowerCase().startsWith(D7))).toBe(false);
  });

  it('inviteToGroup still works on the documented methods alone: the owner invites, and no D7 method is called', async () => {
    off.reset();
    const groupId = SEED_FACTS.groupOwnedByDemoUser;
    const response = await off.execute(InviteToGroupDocument, { groupId: String(groupId), userIds: ['250', String(DEMO)] });
    expect(response.body.data?.inviteToGroup).toMatchObject({
      __typename: 'InviteToGroupSuccess',
      skipped: [{ userId: String(DEMO), reason: 'ALREADY_MEMBER' }],
    });
    expect(off.sandbox.store.relationRecord(groupId, 250)).toMatchObject({ role: 'Z', initiatedByType: 'G' });
    expect(off.upstreamRequests().flatMap((entry) => [entry.method, ...(entry.batchMethods ?? [])]).some((method) => method.toLowerCase().startsWith('socialnetwork.api.'))).toBe(false);
  });
});
