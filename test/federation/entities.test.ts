/**
 * The federation surface of our subgraph, over HTTP against the gateway itself (no router in between):
 * `_service { sdl }` and `_entities`, with exact upstream request counts from the sandbox log.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const SUBGRAPH_SDL = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on Group { id name }
      ... on User { id fullName }
    }
  }
`;

type Entity = { __typename: 'Group'; id: string; name: string } | { __typename: 'User'; id: string; fullName: string } | null;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ gateway: { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const groupRefs = (ids: number[]) => ids.map((id) => ({ __typename: 'Group', id: String(id) }));
const userRefs = (ids: number[]) => ids.map((id) => ({ __typename: 'User', id: String(id) }));

/** What `_entities` must answer for a Group id, as `userId` sees the portal: the group, or null (missing or secret). */
function expectedGroup(id: number, userId: number = SEED_FACTS.demoUserId): Entity {
  const group = h.sandbox.store.group(id);
  if (!group || !h.sandbox.store.isVisibleTo(group, userId)) return null;
  return { __typename: 'Group', id: String(id), name: group.name };
}

function expectedUser(id: number): Entity {
  const user = h.sandbox.store.user(id);
  if (!user) return null;
  return { __typename: 'User', id: String(id), fullName: [user.name, user.lastName].filter(Boolean).join(' ') };
}

/** Each upstream HTTP request as `method` or `batch[m1,m2,...]` (methods inside a batch sorted). */
const requestShapes = () =>
  h.upstreamRequests().map((entry) => (entry.method === 'batch' ? `batch[${[...(entry.batchMethods ?? [])].sort().join(',')}]` : entry.method));

describe('_service', () => {
  it('serves exactly schema/subgraph.graphql, a Federation v2 SDL with both entity keys', async () => {
    const response = await h.gql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const sdl = response.body.data!._service.sdl;
    expect(sdl).toBe(SUBGRAPH_SDL.replace(/\n$/, ''));
    expect(sdl).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/\ntype Group\s+@key\(fields: "id"\)\s*\{/);
    expect(sdl).toMatch(/\ntype User\s+@key\(fields: "id"\)\s*\{/);
    expect(h.upstreamRequests()).toEqual([]);
  });

  it('answers without a token: routers fetch the SDL anonymously', async () => {
    const response = await h.gql<{ _service: { sdl: string } }>('{ _service { sdl } }', undefined, null);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { _service: { sdl: SUBGRAPH_SDL.replace(/\n$/, '') } } });
    expect(h.upstreamRequests()).toEqual([]);
  });
});

describe('_entities: one upstream request however many representations', () => {
  it('120 Group representations: 1 batch of 3 sonet_group.get', async () => {
    const ids = range(1, 120);
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: groupRefs(ids) });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { _entities: ids.map((id) => expectedGroup(id)) } });
    // Sanity: the answer mixes found groups, secret ones (null) and missing ones (null).
    expect(response.body.data!._entities.filter(Boolean).length).toBe(h.sandbox.store.visibleGroupIds(SEED_FACTS.demoUserId).length);
    expect(requestShapes()).toEqual(['batch[sonet_group.get,sonet_group.get,sonet_group.get]']);
    expect(h.upstreamRequests()[0]).toMatchObject({ batchSize: 3, status: 200, user: SEED_FACTS.demoUserId });
  });

  it('2,500 Group representations (ids 1..2500, mostly missing): 1 batch of 50 sonet_group.get', async () => {
    const ids = range(1, 2500);
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: groupRefs(ids) });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!._entities).toEqual(ids.map((id) => expectedGroup(id)));
    expect(response.body.data!._entities.slice(SEED_FACTS.groupCount).every((entity) => entity === null)).toBe(true);
    const log = h.upstreamRequests();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'batch', batchSize: 50, status: 200, user: SEED_FACTS.demoUserId });
    expect(new Set(log[0]!.batchMethods)).toEqual(new Set(['sonet_group.get']));
  });

  it('120 User representations: 1 batch of 3 user.get; 300 users: 1 batch of 6', async () => {
    const ids = range(1, 120);
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: userRefs(ids) });
    expect(response.body).toEqual({ data: { _entities: ids.map(expectedUser) } });
    expect(requestShapes()).toEqual(['batch[user.get,user.get,user.get]']);

    h.reset();
    const all = range(1, SEED_FACTS.userCount);
    const everyone = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: userRefs(all) });
    expect(everyone.body.errors).toBeUndefined();
    expect(everyone.body.data!._entities).toEqual(all.map(expectedUser));
    expect(h.upstreamRequests()).toHaveLength(1);
    expect(h.upstreamRequests()[0]).toMatchObject({ method: 'batch', batchSize: 6, batchMethods: Array(6).fill('user.get') });
  });

  it('a single representation is a plain call, not a batch', async () => {
    const id = SEED_FACTS.groupOwnedByDemoUser;
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: groupRefs([id]) });
    expect(response.body).toEqual({ data: { _entities: [expectedGroup(id)] } });
    expect(requestShapes()).toEqual(['sonet_group.get']);
    expect(h.upstreamRequests()[0]?.params).toMatchObject({ FILTER: { ID: [id] } });
  });

  it('Group and User representations mixed in one call: 1 request', async () => {
    const representations = [
      ...groupRefs([1, 2, 3]),
      ...userRefs([1, 2]),
      ...groupRefs([SEED_FACTS.missingGroupId]),
      ...userRefs([SEED_FACTS.demoUser2Id]),
    ];
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations });
    expect(response.body).toEqual({
      data: {
        _entities: [
          expectedGroup(1),
          expectedGroup(2),
          expectedGroup(3),
          expectedUser(1),
          expectedUser(2),
          null,
          expectedUser(SEED_FACTS.demoUser2Id),
        ],
      },
    });
    expect(requestShapes()).toEqual(['batch[sonet_group.get,user.get]']);
  });

  it('duplicate representations are loaded once', async () => {
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: groupRefs([1, 1, 2, 1, 2]) });
    expect(response.body).toEqual({ data: { _entities: [1, 1, 2, 1, 2].map((id) => expectedGroup(id)) } });
    expect(requestShapes()).toEqual(['sonet_group.get']);
    expect(h.upstreamRequests()[0]?.params).toMatchObject({ FILTER: { ID: [1, 2] } });
  });
});

describe('_entities: refusals', () => {
  // Correct federation behaviour: `_entities` is `[_Entity]!`, so one representation's error nulls that item only.
  // FAILS today: resolveReference calls parseId synchronously, the throw escapes @apollo/subgraph's
  // entitiesResolver (representations.map(...)), and the whole field fails: `data: null`, one error at path
  // ['_entities']. The code and the absence of upstream calls are already right.
  it('representations with bad ids: BAD_USER_INPUT per representation, no upstream call', async () => {
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, {
      representations: [
        { __typename: 'Group', id: 'abc' },
        { __typename: 'Group', id: '0' },
        { __typename: 'User', id: '-5' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ _entities: [null, null, null] });
    expect(response.body.errors).toEqual([
      {
        message: 'id must be a positive integer id (1 to 2147483647); received "abc"',
        locations: [expect.any(Object)],
        path: ['_entities', 0],
        extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
      },
      {
        message: 'id must be a positive integer id (1 to 2147483647); received "0"',
        locations: [expect.any(Object)],
        path: ['_entities', 1],
        extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
      },
      {
        message: 'id must be a positive integer id (1 to 2147483647); received "-5"',
        locations: [expect.any(Object)],
        path: ['_entities', 2],
        extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
      },
    ]);
    expect(h.upstreamRequests()).toEqual([]);
  });

  it('without a token: HTTP 401 UNAUTHENTICATED, no upstream call', async () => {
    const response = await h.gql(ENTITIES, { representations: groupRefs([1, 2]) }, null);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="bitrix24-graphql"');
    expect(response.body).toEqual({
      errors: [
        {
          message: 'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
          extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' },
        },
      ],
    });
    expect(h.upstreamRequests()).toEqual([]);
  });

  it('with an expired token: UNAUTHENTICATED / TOKEN_EXPIRED on every representation after 1 request', async () => {
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations: groupRefs([1, 2]) }, 'demo-expired');
    expect(response.body.data).toEqual({ _entities: [null, null] });
    expect(response.body.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [['_entities', 0], { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' }],
      [['_entities', 1], { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' }],
    ]);
    expect(h.upstreamRequests()).toHaveLength(1);
  });
});

describe('_entities resolves as the caller', () => {
  it('a secret group is returned to its member and is null for another user', async () => {
    const store = h.sandbox.store;
    const secret = store
      .relationsOfUser(SEED_FACTS.demoUserId)
      .filter((relation) => ['A', 'E', 'K'].includes(relation.role))
      .map((relation) => store.group(relation.groupId)!)
      .find((group) => group.visible === 'N' && !store.isVisibleTo(group, SEED_FACTS.demoUser2Id));
    expect(secret).toBeDefined();
    const representations = groupRefs([secret!.id]);

    const member = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations }, 'demo-user');
    expect(member.body).toEqual({ data: { _entities: [{ __typename: 'Group', id: String(secret!.id), name: secret!.name }] } });
    const outsider = await h.gql<{ _entities: Entity[] }>(ENTITIES, { representations }, 'demo-user-2');
    expect(outsider.body).toEqual({ data: { _entities: [null] } });

    const log = h.upstreamRequests();
    expect(log.map((entry) => [entry.method, entry.user])).toEqual([
      ['sonet_group.get', SEED_FACTS.demoUserId],
      ['sonet_group.get', SEED_FACTS.demoUser2Id],
    ]);
    expect(log[0]!.tokenHash).not.toBe(log[1]!.tokenHash);
  });
});

describe('_entities: one bad representation among good ones', () => {
  // Last in the file on purpose: while resolveReference throws synchronously (see the first refusal test), the good
  // id's sonet_group.get is already queued when the bad id aborts the field, and it reaches the sandbox after the
  // response. Anywhere else, that orphaned request would land in the next test's log.
  it('a bad id among good ones fails only its own representation; the others still cost 1 request', async () => {
    const response = await h.gql<{ _entities: Entity[] }>(ENTITIES, {
      representations: [...groupRefs([1]), { __typename: 'Group', id: 'abc' }, ...groupRefs([2])],
    });
    expect(response.body.data).toEqual({ _entities: [expectedGroup(1), null, expectedGroup(2)] });
    expect(response.body.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: { code: 'BAD_USER_INPUT', argument: 'id' } })]);
    expect(requestShapes()).toEqual(['sonet_group.get']);
  });
});
