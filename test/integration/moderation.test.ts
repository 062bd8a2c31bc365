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
    // The group; then the gate (INITIATE_PERMS and the caller's relation); only then the list; then the users.
    expect(requests()).toEqual([['sonet_group.get'], [STANDING], [`${D7}list`], ['user.get']]);

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

  it('on a page of 50 groups costs exactly one upstream request more than the same query without it (a page that shows viewerCan)', async () => {
    const ids = Array.from({ length: 60 }, (_unused, index) => String(index + 1));
    const page = (extra: string) =>
      `query($ids: [ID!]) { groups(first: 50, filter: { ids: $ids }, orderBy: [{ field: ID, direction: ASC }]) { nodes { id viewerCan { processRequests } ${extra} } } }`;
    const without = await h.gql(page(''), { ids });
    expect(without.body.errors).toBeUndefined();
    const baseline = h.upstreamRequests().length;
    h.reset();
    const withRequests = await h.gql(page('membershipRequests(first: 5) { totalCount nodes { id } }'), { ids });
    expect(withRequests.body.errors).toBeUndefined();
    expect(h.upstreamRequests().length).toBe(baseline + 1);
    const nodes = (withRequests.body.data as { groups: { nodes: { id: string; membershipRequests: { totalCount: number } | null }[] } }).groups.nodes;
    expect(nodes).toHaveLength(50);
    expect(nodes.find((node) => node.id === String(REQUESTS_GROUP))?.membershipRequests?.totalCount).toBe(SEED_FACTS.pendingRequestUserIds.length);
    // The gate's read is viewerCan's own; one usertogroup.list per group the caller may answer for, in one batch.
    expect(nodes.every((node) => (node.membershipRequests !== null) === (node as unknown as { viewerCan: { processRequests: boolean } }).viewerCan.processRequests)).toBe(true);
    const lists = requests().flat().filter((method) => method === `${D7}list`).length;
    expect(lists).toBe(nodes.filter((node) => node.membershipRequests !== null).length);
  });

  it('without viewerCan on the page, the gate\'s read (the caller\'s standing in each group) costs a request of its own: 2 more', async () => {
    const ids = Array.from({ length: 60 }, (_unused, index) => String(index + 1));
    const page = (extra: string) => `query($ids: [ID!]) { groups(first: 50, filter: { ids: $ids }) { nodes { id ${extra} } } }`;
    await h.gql(page(''), { ids });
    const baseline = h.upstreamRequests().length;
    h.reset();
    await h.gql(page('membershipRequests(first: 5) { totalCount }'), { ids });
    expect(h.upstreamRequests().length).toBe(baseline + 2);
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
