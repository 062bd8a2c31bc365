/**
 * `npm run bench`: upstream HTTP requests and wall time per reference operation.
 *
 * For each operation it prints the naive request count (one REST call per resolver), the floor of design §5 in
 * docs/design.md (sum over resolver levels of ceil(calls / 50)), the count the gateway really spent (the sandbox's
 * request log), and the median wall time through the gateway, with no added latency and with 100 ms added to every
 * upstream request. Beside it, the same data fetched by direct sequential REST calls (the naive client) as a baseline.
 * Everything runs on loopback: the embedded sandbox on port 0, the gateway on port 0.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createSandbox } from '../src/sandbox/index.js';
import { createGateway } from '../src/http/gateway.js';

const TOKEN = 'demo-user';
const RUNS_FAST = Number(process.env.BENCH_RUNS ?? 15);
const RUNS_SLOW = Number(process.env.BENCH_RUNS_SLOW ?? 3);
const ADDED_LATENCY_MS = 100;

const sandbox = createSandbox();
const sandboxUrl = await sandbox.listen(0, '127.0.0.1');
const config = loadConfig({ BITRIX24_PORTAL_URL: sandboxUrl, BITRIX24_RATE_LIMIT: 'off', LOG_LEVEL: 'silent' });
const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
const server = createServer(gateway.listener);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function gql(query: string, variables: Json = {}): Promise<Json> {
  const response = await request(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.body.json()) as Json;
  if (body.errors) throw new Error(`operation failed: ${JSON.stringify(body.errors)}`);
  return body.data as Json;
}

/** A direct REST call to the sandbox, as a naive client would make it. */
async function rest(method: string, params: Json = {}): Promise<Json> {
  const response = await request(`${sandboxUrl}/rest/${method}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: TOKEN }),
  });
  return (await response.body.json()) as Json;
}

const ceil50 = (calls: number) => Math.ceil(calls / 50);

interface ReferenceOperation {
  name: string;
  query: string;
  variables?: Json;
  /** One REST call per resolver that needs upstream data. */
  naive(data: Json): number;
  /** design §5 (docs/design.md): sum over levels of ceil(calls at that level / 50). */
  floor(data: Json): number;
  /** The same data by direct sequential REST calls. */
  baseline(): Promise<void>;
}

const ENTITY_IDS = Array.from({ length: 120 }, (_, index) => index + 1);

const operations: ReferenceOperation[] = [
  {
    name: '50 groups + owner',
    query: '{ groups(first: 50) { nodes { name owner { name } } } }',
    naive: (data) => 1 + data.groups.nodes.length,
    floor: () => 1 + 1,
    async baseline() {
      const page = await rest('sonet_group.get', { ORDER: { ID: 'DESC' } });
      for (const group of page.result) await rest('user.get', { FILTER: { ID: group.OWNER_ID } });
    },
  },
  {
    name: '50 groups + members + user',
    query: '{ groups(first: 50) { nodes { members { role user { name } } } } }',
    naive: (data) => 1 + data.groups.nodes.length + data.groups.nodes.reduce((sum: number, node: Json) => sum + node.members.length, 0),
    // The page; one sonet_group.user.get per group; user.get calls of 50 ids (fewer than 2,500 distinct users here).
    floor: (data) => 1 + ceil50(data.groups.nodes.length) + 1,
    async baseline() {
      const page = await rest('sonet_group.get', { ORDER: { ID: 'DESC' } });
      for (const group of page.result) {
        const members = await rest('sonet_group.user.get', { ID: group.ID });
        for (const member of members.result) await rest('user.get', { FILTER: { ID: member.USER_ID } });
      }
    },
  },
  {
    name: '30 aliased group(id:)',
    query: `{ ${Array.from({ length: 30 }, (_, index) => `g${index + 1}: group(id: "${index + 1}") { id name }`).join(' ')} }`,
    naive: () => 30,
    floor: () => 1,
    async baseline() {
      for (let id = 1; id <= 30; id += 1) await rest('sonet_group.get', { FILTER: { ID: id } });
    },
  },
  {
    name: 'groups(first: 100)',
    query: '{ groups(first: 100) { nodes { id name } } }',
    naive: () => 2,
    floor: () => 1,
    async baseline() {
      await rest('sonet_group.get', { ORDER: { ID: 'DESC' }, start: 0 });
      await rest('sonet_group.get', { ORDER: { ID: 'DESC' }, start: 50 });
    },
  },
  {
    name: 'viewer + groups + owner',
    query: '{ viewer { user { id } groups { role group { name owner { name } } } } }',
    naive: (data) => 2 + 2 * data.viewer.groups.length,
    floor: () => 1 + 1 + 1,
    async baseline() {
      await rest('user.current');
      const groups = await rest('sonet_group.user.groups');
      for (const membership of groups.result) {
        const group = await rest('sonet_group.get', { FILTER: { ID: membership.GROUP_ID } });
        await rest('user.get', { FILTER: { ID: group.result[0].OWNER_ID } });
      }
    },
  },
  {
    name: '_entities x120 Group',
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { id name } } }',
    variables: { r: ENTITY_IDS.map((id) => ({ __typename: 'Group', id: String(id) })) },
    naive: () => 120,
    floor: () => 1,
    async baseline() {
      for (const id of ENTITY_IDS) await rest('sonet_group.get', { FILTER: { ID: id } });
    },
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

const rows: string[][] = [];
for (const operation of operations) {
  sandbox.reset();
  const data = await gql(operation.query, operation.variables);
  const measured = sandbox.requestLog().length;
  sandbox.reset();
  await operation.baseline();
  const baselineRequests = sandbox.requestLog().length;

  sandbox.faults.clear();
  const gatewayFast = await timeRuns(RUNS_FAST, () => gql(operation.query, operation.variables));
  const directFast = await timeRuns(RUNS_FAST, () => operation.baseline());
  sandbox.faults.set({ latencyMs: ADDED_LATENCY_MS });
  const gatewaySlow = await timeRuns(RUNS_SLOW, () => gql(operation.query, operation.variables));
  const directSlow = await timeRuns(1, () => operation.baseline());
  sandbox.faults.clear();

  rows.push([
    operation.name,
    String(operation.naive(data)),
    String(operation.floor(data)),
    String(measured),
    `${gatewayFast.toFixed(1)} ms`,
    `${gatewaySlow.toFixed(0)} ms`,
    String(baselineRequests),
    `${directFast.toFixed(1)} ms`,
    `${directSlow.toFixed(0)} ms`,
  ]);
}

const header = ['operation', 'naive', 'floor', 'measured', 'gateway 0 ms', 'gateway +100 ms', 'direct REST reqs', 'direct 0 ms', 'direct +100 ms'];
const table = [header, header.map(() => '---'), ...rows];
console.log(`Upstream HTTP requests and median wall time per operation (node ${process.version}, ${RUNS_FAST} runs; ${RUNS_SLOW} with +${ADDED_LATENCY_MS} ms per upstream request)\n`);
console.log(table.map((row) => `| ${row.join(' | ')} |`).join('\n'));
const offFloor = rows.filter((row) => row[2] !== row[3]);
console.log(offFloor.length === 0 ? '\nEvery operation measured exactly at the floor.' : `\nOFF THE FLOOR: ${offFloor.map((row) => row[0]).join(', ')}`);

server.closeAllConnections();
server.close();
await gateway.close();
await sandbox.close();
if (offFloor.length > 0) process.exitCode = 1;
