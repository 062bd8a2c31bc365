/**
 * Our subgraph inside a real federated graph: composed with a second "tasks" subgraph by @apollo/composition, served
 * by Hive Gateway's in-process runtime, queried over HTTP. Proves that the router's `_entities` fetches against our
 * subgraph are batched upstream, that the caller's bearer token travels router → subgraph → Bitrix24, and what a
 * Bitrix24 authentication failure looks like at the router.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const OUR_SDL = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');

// ---- the tasks subgraph: deterministic fake tasks per group id -------------------------------------------------

const TASKS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Task {
    id: ID!
    title: String!
    "Resolved by the groups subgraph; null when the caller may not see the group."
    group: Group
  }

  type Group @key(fields: "id") {
    id: ID!
    tasks: [Task!]!
  }

  type Query {
    "One task for each of the groups 1..first, in group order."
    topTasks(first: Int!): [Task!]!
  }
`;

interface TaskValue {
  id: string;
  title: string;
  groupId: string;
}

/** 1 to 3 tasks per group, a pure function of the group id. */
function tasksOf(groupId: string): TaskValue[] {
  const count = (Number(groupId) % 3) + 1;
  return Array.from({ length: count }, (_, index) => ({ id: `${groupId}-${index + 1}`, title: `Task ${index + 1} of group ${groupId}`, groupId }));
}

interface TasksSubgraph {
  url: string;
  /** The Authorization header of every request the subgraph received, in order (null when absent). */
  authorizations: (string | null)[];
  close(): Promise<void>;
}

async function startTasksSubgraph(): Promise<TasksSubgraph> {
  const authorizations: (string | null)[] = [];
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(TASKS_SDL),
      resolvers: {
        Query: {
          topTasks: (_: unknown, args: { first: number }) =>
            Array.from({ length: args.first }, (_unused, index) => tasksOf(String(index + 1))[0]!),
        },
        Task: {
          group: (task: TaskValue) => ({ __typename: 'Group', id: task.groupId }),
        },
        Group: {
          tasks: (group: { id: string }) => tasksOf(group.id),
        },
      },
    },
  ]);
  const yoga = createYoga({
    schema,
    logging: false,
    landingPage: false,
    graphiql: false,
    context: ({ request: incoming }) => {
      authorizations.push(incoming.headers.get('authorization'));
      return {};
    },
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    authorizations,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- the federated graph -------------------------------------------------------------------------------------

let h: Harness;
let tasks: TasksSubgraph;
let supergraphSdl: string;
let gateway: GatewayRuntime;
let gatewayServer: Server;
let gatewayUrl: string;

interface RouterResponse<T> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }> };
}

async function routerQuery<T>(query: string, token: string | null = 'demo-user'): Promise<RouterResponse<T>> {
  const response = await request(gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as RouterResponse<T>['body'] };
}

beforeAll(async () => {
  h = await startHarness({ gateway: { client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } } });
  tasks = await startTasksSubgraph();

  const composition = composeServices([
    { name: 'groups', typeDefs: parse(OUR_SDL), url: h.url },
    { name: 'tasks', typeDefs: parse(TASKS_SDL), url: tasks.url },
  ]);
  expect(composition.errors).toBeUndefined();
  supergraphSdl = composition.supergraphSdl!;

  gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request: incoming }) => ({ authorization: incoming.headers.get('authorization') }),
    },
  });
  gatewayServer = createServer(gateway);
  await new Promise<void>((resolve) => gatewayServer.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gatewayServer.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  gatewayServer?.closeAllConnections();
  await new Promise<void>((resolve) => (gatewayServer ? gatewayServer.close(() => resolve()) : resolve()));
  await gateway?.dispose();
  await tasks?.close();
  await h?.close();
});

beforeEach(() => {
  h.reset();
  tasks.authorizations.length = 0;
});

/** Each upstream HTTP request as `method` or `batch[m1,m2,...]`. */
const requestShapes = () => h.upstreamRequests().map((entry) => (entry.method === 'batch' ? `batch[${(entry.batchMethods ?? []).join(',')}]` : entry.method));

/** The sandbox's hash of a token, taken from a direct call to our gateway with that token. */
async function tokenHashOf(token: string): Promise<string> {
  await h.gql('{ viewer { user { id } } }', undefined, token);
  const hash = h.upstreamRequests().at(-1)?.tokenHash;
  h.reset();
  expect(hash).toEqual(expect.any(String));
  return hash!;
}

describe('composition', () => {
  it('composes our SDL with the tasks subgraph: no errors, no hints, both subgraphs in the supergraph', () => {
    const again = composeServices([
      { name: 'groups', typeDefs: parse(OUR_SDL), url: h.url },
      { name: 'tasks', typeDefs: parse(TASKS_SDL), url: tasks.url },
    ]);
    expect(again.errors).toBeUndefined();
    expect(again.hints?.map(String)).toEqual([]);
    expect(supergraphSdl).toContain(`GROUPS @join__graph(name: "groups", url: "${h.url}")`);
    expect(supergraphSdl).toContain(`TASKS @join__graph(name: "tasks", url: "${tasks.url}")`);
    expect(supergraphSdl).toContain('type Query\n  @join__type(graph: GROUPS)\n  @join__type(graph: TASKS)\n');
    expect(supergraphSdl).toContain('type Group\n  @join__type(graph: GROUPS, key: "id")\n  @join__type(graph: TASKS, key: "id")\n');
    expect(supergraphSdl).toContain('type User\n  @join__type(graph: GROUPS, key: "id")\n');
    expect(supergraphSdl).toContain('  name: String! @join__field(graph: GROUPS)\n');
    expect(supergraphSdl).toContain('  tasks: [Task!]! @join__field(graph: TASKS)\n');
    expect(supergraphSdl).toContain('): GroupConnection @join__field(graph: GROUPS)\n');
    expect(supergraphSdl).toContain('  topTasks(first: Int!): [Task!]! @join__field(graph: TASKS)\n');
    expect(supergraphSdl).toContain('  requestGroupMembership(groupId: ID!, message: String): RequestGroupMembershipResult!');
  });
});

describe('cross-subgraph queries through Hive Gateway', () => {
  it('groups → tasks: our page and owners (2 upstream requests), then the tasks subgraph\'s _entities', async () => {
    const response = await routerQuery<{ groups: { nodes: Array<{ id: string; name: string; tasks: Array<{ title: string }>; owner: { fullName: string } | null }> } }>(
      '{ groups(first: 60) { nodes { id name tasks { title } owner { fullName } } } }',
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const nodes = response.body.data!.groups.nodes;
    expect(nodes).toHaveLength(60);
    const store = h.sandbox.store;
    for (const node of nodes) {
      const group = store.group(Number(node.id))!;
      const owner = store.user(group.ownerId)!;
      expect(node).toEqual({
        id: String(group.id),
        name: group.name,
        tasks: tasksOf(node.id).map((task) => ({ title: task.title })),
        owner: { fullName: `${owner.name} ${owner.lastName}` },
      });
    }
    // Our subgraph: a page of 60 spans two upstream pages of 50 (one batch), then the owners, 50 ids per user.get,
    // in one request. The tasks subgraph adds nothing upstream.
    const owners = new Set(nodes.map((node) => store.group(Number(node.id))!.ownerId));
    const userCalls = Math.ceil(owners.size / 50);
    const log = h.upstreamRequests();
    expect(requestShapes()).toEqual([
      'batch[sonet_group.get,sonet_group.get]',
      userCalls === 1 ? 'user.get' : `batch[${Array(userCalls).fill('user.get').join(',')}]`,
    ]);
    expect(log.every((entry) => entry.user === SEED_FACTS.demoUserId && entry.status === 200)).toBe(true);
    // Two fetches from the router: the query to ours, then _entities to the tasks subgraph.
    expect(tasks.authorizations).toEqual(['Bearer demo-user']);
  });

  it('tasks → groups: 60 distinct group references resolved by our _entities in 1 upstream request', async () => {
    const response = await routerQuery<{ topTasks: Array<{ id: string; title: string; group: { id: string; name: string } | null }> }>(
      '{ topTasks(first: 60) { id title group { id name } } }',
    );
    expect(response.status).toBe(200);
    const store = h.sandbox.store;
    const visible = (groupId: number) => store.isVisibleTo(store.group(groupId)!, SEED_FACTS.demoUserId);
    const groupIds = Array.from({ length: 60 }, (_, index) => index + 1);
    expect(response.body.data).toEqual({
      topTasks: groupIds.map((groupId) => {
        const [task] = tasksOf(String(groupId));
        return { id: task!.id, title: task!.title, group: visible(groupId) ? { id: String(groupId), name: store.group(groupId)!.name } : null };
      }),
    });
    // A secret group the caller is not in: our _entities answers null for that representation (as it must), but the
    // tasks subgraph already returned a non-null Group { id }. Hive Gateway merges the null into it, finds the
    // non-null Group.name missing, nulls `group` (nullable in the tasks subgraph) and reports a
    // "Cannot return null for non-nullable field Group.name." error, which its default error masking turns into
    // "Unexpected error." / INTERNAL_SERVER_ERROR (errors that come from a subgraph are not masked; see below).
    const hidden = groupIds.filter((groupId) => !visible(groupId));
    expect(hidden.length).toBeGreaterThan(0);
    expect(response.body.errors).toEqual(
      hidden.map((groupId) => ({
        message: 'Unexpected error.',
        locations: [{ line: 1, column: 45 }],
        path: ['topTasks', groupId - 1, 'group', 'name'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      })),
    );

    // 60 ids = 2 sonet_group.get calls of <= 50 ids, sent as one batch request.
    const log = h.upstreamRequests();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'batch', batchSize: 2, batchMethods: ['sonet_group.get', 'sonet_group.get'], status: 200, user: SEED_FACTS.demoUserId });
    expect(tasks.authorizations).toEqual(['Bearer demo-user']);
  });

  it('forwards the caller\'s bearer token: router → our subgraph → Bitrix24, and to the tasks subgraph', async () => {
    const expectedHash = await tokenHashOf('demo-user-2');
    const response = await routerQuery<{ topTasks: Array<{ group: { id: string } | null }> }>(
      '{ topTasks(first: 3) { group { id owner { id } } } }',
      'demo-user-2',
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.topTasks).toHaveLength(3);
    const log = h.upstreamRequests();
    expect(log.map((entry) => entry.method)).toEqual(['sonet_group.get', 'user.get']);
    expect(log.map((entry) => [entry.user, entry.tokenHash])).toEqual([
      [SEED_FACTS.demoUser2Id, expectedHash],
      [SEED_FACTS.demoUser2Id, expectedHash],
    ]);
    expect(tasks.authorizations).toEqual(['Bearer demo-user-2']);
  });

  // Hive Gateway passes a subgraph's GraphQL errors through unmasked, with the subgraph's message and extensions
  // kept as they are, and adds `extensions.serviceName` (the subgraph's name in the supergraph). `code` is not
  // wrapped (no DOWNSTREAM_SERVICE_ERROR as in Apollo Gateway), so clients see our UNAUTHENTICATED and `reason`.
  it('an expired token surfaces at the router as UNAUTHENTICATED, with our reason and the subgraph name', async () => {
    const response = await routerQuery('{ groups(first: 5) { nodes { id tasks { title } } } }', 'demo-expired');
    expect(response).toEqual({
      status: 200,
      body: {
        errors: [
          {
            message: 'The Bitrix24 access token has expired; refresh it and retry.',
            path: ['groups'],
            extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED', serviceName: 'groups' },
          },
        ],
        data: { groups: null },
      },
    });
    expect(h.upstreamRequests().map((entry) => [entry.method, entry.status, entry.error])).toEqual([['sonet_group.get', 401, 'expired_token']]);
    // The router stopped at our subgraph's error: the tasks subgraph was never asked.
    expect(tasks.authorizations).toEqual([]);
  });

  // Our subgraph answers a token-less operation with HTTP 401. The router still reads the GraphQL body, so the code
  // and reason reach the client, but the client's status is 200 and WWW-Authenticate is not passed on (that would
  // take propagateHeaders.fromSubgraphsToClient and a plugin to set the status).
  it('without a token: our subgraph\'s 401 reaches the client as UNAUTHENTICATED errors in a 200 response', async () => {
    const root = await routerQuery('{ groups(first: 5) { nodes { id tasks { title } } } }', null);
    expect(root).toEqual({
      status: 200,
      body: {
        errors: [
          {
            message: 'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
            path: ['groups'],
            extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING', serviceName: 'groups' },
          },
        ],
        data: { groups: null },
      },
    });

    // Through _entities: one error per reference, at the first field the router needed from us.
    const entities = await routerQuery('{ topTasks(first: 2) { id group { id name } } }', null);
    expect(entities).toEqual({
      status: 200,
      body: {
        errors: [0, 1].map((index) => ({
          message: 'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
          path: ['topTasks', index, 'group', 'name'],
          extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING', serviceName: 'groups' },
        })),
        data: { topTasks: [{ id: '1-1', group: null }, { id: '2-1', group: null }] },
      },
    });
    expect(h.upstreamRequests()).toEqual([]);
    expect(tasks.authorizations).toEqual([null]);
  });
});
