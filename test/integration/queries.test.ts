import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ gateway: { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

/** The shape of each upstream HTTP request: the method, and for a batch the methods inside it. */
const requestShapes = () => h.upstreamRequests().map((entry) => (entry.method === 'batch' ? `batch[${(entry.batchMethods ?? []).join(',')}]` : entry.method));
const compact = (shape: string) => shape.replace(/(\b[\w.]+)(,\1)+/g, (run, name: string) => `${name}x${run.split(',').length}`);

interface GroupNode {
  id: string;
  name: string;
  owner?: { name: string | null } | null;
  members?: Array<{ role: string; user: { name: string | null } }>;
}

describe('upstream requests per operation (exact counts from the sandbox log)', () => {
  it('50 groups with their owners: 2 requests (naive: 51)', async () => {
    const response = await h.gql<{ groups: { nodes: GroupNode[] } }>('{ groups(first: 50) { nodes { name owner { name } } } }');
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.groups.nodes).toHaveLength(50);
    expect(response.body.data?.groups.nodes.every((node) => node.owner && typeof node.owner.name === 'string')).toBe(true);
    expect(requestShapes()).toEqual(['sonet_group.get', 'user.get']);
  });

  it('50 groups with each member\'s role and name: 3 requests (naive: hundreds)', async () => {
    const response = await h.gql<{ groups: { nodes: GroupNode[] } }>('{ groups(first: 50) { nodes { members { role user { name } } } } }');
    expect(response.body.errors).toBeUndefined();
    const members = response.body.data!.groups.nodes.flatMap((node) => node.members ?? []);
    expect(members.length).toBeGreaterThan(100);
    const shapes = requestShapes().map(compact);
    expect(shapes).toHaveLength(3);
    expect(shapes[0]).toBe('sonet_group.get');
    expect(shapes[1]).toBe('batch[sonet_group.user.getx50]');
    expect(shapes[2]).toMatch(/^(user\.get|batch\[user\.getx\d+\])$/);
  });

  it('thirty aliased group lookups: 1 request', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => index + 1);
    const query = `{ ${ids.map((id) => `g${id}: group(id: "${id}") { id name }`).join(' ')} }`;
    const response = await h.gql<Record<string, { id: string } | null>>(query);
    expect(response.body.errors).toBeUndefined();
    const visible = new Set(h.sandbox.store.visibleGroupIds(SEED_FACTS.demoUserId));
    for (const id of ids) {
      expect(response.body.data?.[`g${id}`]).toEqual(visible.has(id) ? { id: String(id), name: h.sandbox.store.group(id)!.name } : null);
    }
    expect(requestShapes()).toEqual(['sonet_group.get']);
    expect(h.upstreamRequests()[0]?.params).toMatchObject({ FILTER: { ID: ids } });
  });

  it('a page of 100 spans two upstream pages in one batch: 1 request', async () => {
    const response = await h.gql<{ groups: { nodes: GroupNode[]; totalCount: number } }>('{ groups(first: 100) { totalCount nodes { id name } } }');
    expect(response.body.errors).toBeUndefined();
    const expectedCount = Math.min(100, h.sandbox.store.visibleGroupIds(SEED_FACTS.demoUserId).length);
    expect(response.body.data?.groups.nodes).toHaveLength(expectedCount);
    expect(new Set(response.body.data?.groups.nodes.map((node) => node.id)).size).toBe(expectedCount);
    expect(requestShapes()).toEqual(['batch[sonet_group.get,sonet_group.get]']);
  });

  it('viewer, its groups and each group\'s owner: 3 requests, the floor for that shape', async () => {
    const response = await h.gql<{ viewer: { user: { id: string }; groups: Array<{ role: string; group: GroupNode }> } }>(
      '{ viewer { user { id fullName } groups { role group { name owner { name } } } } }',
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.viewer.user.id).toBe(String(SEED_FACTS.demoUserId));
    const memberOf = h.sandbox.store.relationsOfUser(SEED_FACTS.demoUserId).filter((relation) => ['A', 'E', 'K'].includes(relation.role));
    expect(response.body.data?.viewer.groups).toHaveLength(memberOf.length);
    // level 1: user.current + sonet_group.user.groups in one batch; level 2: the groups; level 3: their owners.
    expect(requestShapes()).toEqual(['batch[user.current,sonet_group.user.groups]', 'sonet_group.get', 'user.get']);
  });

  it('owners and members together: 4 requests, the floor (level 2 holds 51 calls)', async () => {
    const response = await h.gql('{ groups(first: 50) { nodes { owner { name } members { user { name } } } } }');
    expect(response.body.errors).toBeUndefined();
    // level 1: the page; level 2: 50 member lists + 1 user.get for the owners = 51 calls = 2 batches of <= 50;
    // level 3: the members' users, 50 ids per user.get, in one batch.
    const shapes = requestShapes().map(compact);
    expect(shapes).toHaveLength(4);
    expect(shapes[0]).toBe('sonet_group.get');
    expect(h.upstreamRequests().slice(1, 3).map((entry) => entry.batchSize ?? 1).sort((a, b) => a - b)).toEqual([1, 50]);
  });
});

describe('callers and caching', () => {
  it('two callers at once each see only what their own user may see', async () => {
    const query = '{ viewer { user { id } } groups(first: 200) { totalCount nodes { id } } }';
    const [first, second] = await Promise.all([h.gql<{ viewer: { user: { id: string } }; groups: { totalCount: number; nodes: Array<{ id: string }> } }>(query, {}, 'demo-user'), h.gql<{ viewer: { user: { id: string } }; groups: { totalCount: number; nodes: Array<{ id: string }> } }>(query, {}, 'demo-user-2')]);
    for (const [response, userId] of [
      [first, SEED_FACTS.demoUserId],
      [second, SEED_FACTS.demoUser2Id],
    ] as const) {
      expect(response.body.data?.viewer.user.id).toBe(String(userId));
      const visible = h.sandbox.store.visibleGroupIds(userId).map(String).sort();
      expect(response.body.data?.groups.totalCount).toBe(visible.length);
      expect(response.body.data?.groups.nodes.map((node) => node.id).sort()).toEqual(visible);
    }
    expect(first.body.data?.groups.nodes.map((node) => node.id).sort()).not.toEqual(second.body.data?.groups.nodes.map((node) => node.id).sort());
  });

  it('nothing cached survives a request', async () => {
    const groupId = SEED_FACTS.openGroupWithoutDemoUser;
    const query = `{ group(id: "${groupId}") { memberCount } }`;
    const before = await h.gql<{ group: { memberCount: number } }>(query);
    await h.gql('mutation($id: ID!) { requestGroupMembership(groupId: $id) { __typename } }', { id: String(groupId) });
    h.sandbox.clearLog();
    const after = await h.gql<{ group: { memberCount: number } }>(query);
    expect(after.body.data?.group.memberCount).toBe(before.body.data!.group.memberCount + 1);
    expect(h.upstreamRequests()).toHaveLength(1);
  });

  it('one group\'s member list failing upstream yields that field\'s error and the rest of the data', async () => {
    const [failing, healthy] = [SEED_FACTS.groupWhereDemoUserIsMember, SEED_FACTS.groupOwnedByDemoUser];
    h.sandbox.faults.failSubCall({ method: 'sonet_group.user.get', paramEquals: { ID: String(failing) }, error: 'INTERNAL_SERVER_ERROR', errorDescription: 'Internal server error' });
    const response = await h.gql<Record<string, { id: string; members: unknown[] } | null>>(
      `{ a: group(id: "${failing}") { id members { role } } b: group(id: "${healthy}") { id members { role } } }`,
    );
    expect(response.body.data?.a).toBeNull();
    expect(response.body.data?.b?.id).toBe(String(healthy));
    expect(response.body.data?.b?.members.length).toBeGreaterThan(0);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: ['a', 'members'], extensions: { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' } }),
    ]);
  });
});

describe('filter, order and paging agree with the portal\'s own data', () => {
  const visibleGroups = () => {
    const visible = new Set(h.sandbox.store.visibleGroupIds(SEED_FACTS.demoUserId));
    return h.sandbox.store.groups().filter((group) => visible.has(group.id));
  };

  it('filters on flags and a name substring, ordered by name', async () => {
    const response = await h.gql<{ groups: { totalCount: number; nodes: Array<{ id: string; name: string; isOpen: boolean }> } }>(
      '{ groups(first: 200, filter: { isOpen: true, isActive: true, nameContains: "a" }, orderBy: [{ field: NAME, direction: ASC }]) { totalCount nodes { id name isOpen } } }',
    );
    const expected = visibleGroups()
      .filter((group) => group.opened === 'Y' && group.active === 'Y' && group.name.toLowerCase().includes('a'))
      .sort((left, right) => left.name.localeCompare(right.name, 'en') || left.id - right.id);
    expect(expected.length).toBeGreaterThan(3);
    expect(response.body.data?.groups.totalCount).toBe(expected.length);
    expect(response.body.data?.groups.nodes.map((node) => node.id)).toEqual(expected.map((group) => String(group.id)));
  });

  it('filters on ids, owner, archive and project flags', async () => {
    const ownerId = SEED_FACTS.demoUserId;
    const byOwner = await h.gql<{ groups: { nodes: Array<{ id: string }> } }>(`{ groups(first: 200, filter: { ownerId: "${ownerId}" }) { nodes { id } } }`);
    expect(byOwner.body.data?.groups.nodes.map((node) => Number(node.id)).sort((a, b) => a - b)).toEqual(
      visibleGroups().filter((group) => group.ownerId === ownerId).map((group) => group.id),
    );
    const projects = await h.gql<{ groups: { totalCount: number } }>('{ groups(first: 1, filter: { isProject: true, isArchived: false }) { totalCount } }');
    expect(projects.body.data?.groups.totalCount).toBe(visibleGroups().filter((group) => group.project === 'Y' && group.closed === 'N').length);
    const ids = await h.gql<{ groups: { nodes: Array<{ id: string }> } }>('{ groups(first: 10, filter: { ids: ["3", "1", "2"] }, orderBy: [{ field: ID }]) { nodes { id } } }');
    expect(ids.body.data?.groups.nodes.map((node) => node.id)).toEqual(['1', '2', '3'].filter((id) => visibleGroups().some((group) => String(group.id) === id)));
  });

  it('filters on a creation date range with both bounds inclusive', async () => {
    const sorted = visibleGroups().map((group) => group.dateCreate).sort((a, b) => a - b);
    const from = new Date(sorted[10]!);
    const to = new Date(sorted[40]!);
    const response = await h.gql<{ groups: { totalCount: number } }>(
      '{ groups(first: 1, filter: { createdAt: { from: $from, to: $to } }) { totalCount } }'.replace('$from', JSON.stringify(from.toISOString())).replace('$to', JSON.stringify(to.toISOString())),
    );
    const expected = visibleGroups().filter((group) => Math.floor(group.dateCreate / 1000) >= Math.floor(from.getTime() / 1000) && Math.floor(group.dateCreate / 1000) <= Math.floor(to.getTime() / 1000)).length;
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.groups.totalCount).toBe(expected);
    const params = h.upstreamRequests()[0]?.params as { FILTER: Record<string, unknown> };
    expect(Object.keys(params.FILTER).sort()).toEqual(['<=DATE_CREATE', '>=DATE_CREATE']);
  });

  it('walks every page with cursors: no gaps, no duplicates, the order of the portal', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: Awaited<ReturnType<typeof h.gql<{ groups: { edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> = await h.gql(
        'query($after: String) { groups(first: 37, after: $after, orderBy: [{ field: ID, direction: ASC }]) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const connection = response.body.data!.groups;
      seen.push(...connection.edges.map((edge) => edge.node.id));
      pages += 1;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(visibleGroups().map((group) => String(group.id)));
    expect(pages).toBe(Math.ceil(seen.length / 37));
  });

  it('refuses bad paging and filter input with BAD_USER_INPUT and no upstream call', async () => {
    for (const [query, argument] of [
      ['{ groups(first: 0) { totalCount } }', 'first'],
      ['{ groups(first: 201) { totalCount } }', 'first'],
      ['{ groups(after: "bogus") { totalCount } }', 'after'],
      ['{ groups(filter: { ids: ["x"] }) { totalCount } }', 'filter.ids'],
      ['{ groups(filter: { ownerId: "-4" }) { totalCount } }', 'filter.ownerId'],
      ['{ group(id: "abc") { id } }', 'id'],
      ['{ user(id: "0") { id } }', 'id'],
    ] as const) {
      const response = await h.gql(query);
      expect(response.body.errors?.[0]?.extensions, query).toEqual({ code: 'BAD_USER_INPUT', argument });
    }
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('an empty ids filter matches nothing without asking upstream', async () => {
    const response = await h.gql('{ groups(filter: { ids: [] }) { totalCount nodes { id } } }');
    expect(response.body).toEqual({ data: { groups: { totalCount: 0, nodes: [] } } });
    expect(h.upstreamRequests()).toHaveLength(0);
  });
});

describe('users', () => {
  it('reads a user with clean types', async () => {
    const response = await h.gql<{ user: Record<string, unknown> }>(`{ user(id: "${SEED_FACTS.demoUser2Id}") { id name lastName fullName email photoUrl workPosition isActive isOnline } }`);
    const record = h.sandbox.store.user(SEED_FACTS.demoUser2Id)!;
    expect(response.body.data?.user).toEqual({
      id: String(record.id),
      name: record.name,
      lastName: record.lastName,
      fullName: `${record.name} ${record.lastName}`,
      email: record.email,
      photoUrl: record.personalPhoto,
      workPosition: record.workPosition || null,
      isActive: record.active,
      isOnline: record.isOnline === 'Y',
    });
  });

  it('answers null for a user id that does not exist', async () => {
    const response = await h.gql('{ user(id: "999999") { id } }');
    expect(response.body).toEqual({ data: { user: null } });
  });
});
