/**
 * Production readiness over real sockets: abuse limits, production mode, CORS and CSRF, token redaction in logs,
 * multi-portal allowlist, trusted documents, request ids, metrics, health and readiness.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, SEED_FACTS, type Sandbox } from '../../src/sandbox/index.js';
import { GroupWithMembersDocument } from '../generated/graphql.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { captureLog } from '../helpers/log-capture.js';

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-user', ...headers },
    body,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('abuse limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MAX_DEPTH: '4', MAX_TOKENS: '200', MAX_BODY_BYTES: '4096', MAX_BATCHED_OPERATIONS: '3' } });
  });
  afterAll(() => h.close());

  // Aliases and tokens are counted while parsing (graphql-armor), depth while validating. Sent with Accept
  // application/graphql-response+json, GraphQL over HTTP answers a document that fails to parse or validate with 400.
  it.each([
    ['depth', '{ groups { nodes { members { user { name } } } } }', 'GRAPHQL_VALIDATION_FAILED', 400],
    ['aliases', `{ ${Array.from({ length: 51 }, (_, index) => `a${index}: user(id: "${index + 1}") { id }`).join(' ')} }`, 'GRAPHQL_PARSE_FAILED', 400],
    ['tokens', `{ ${'__typename '.repeat(300)} }`, 'GRAPHQL_PARSE_FAILED', 400],
  ])('refuses an operation over the %s limit with %s, HTTP %i, before any upstream call', async (_limit, query, code, status) => {
    h.sandbox.clearLog();
    const response = await h.gql(query);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0]?.extensions).toEqual({ code });
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const response = await post(h.url, JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(5000) } }));
    expect(response.status).toBe(413);
    expect(response.json()).toEqual({
      errors: [{ message: 'The request body is larger than 4096 bytes.', extensions: { code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE' } }],
    });
  });

  it('refuses a chunked body (no Content-Length) with 411', async () => {
    const response = await request(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-user' },
      body: Readable.from([JSON.stringify({ query: '{ __typename }' })]),
    });
    expect(response.statusCode).toBe(411);
    await response.body.dump();
  });

  it('accepts batched operations up to MAX_BATCHED_OPERATIONS and refuses more', async () => {
    const three = await post(h.url, JSON.stringify(Array.from({ length: 3 }, () => ({ query: '{ __typename }' }))));
    expect(three.json()).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const four = await post(h.url, JSON.stringify(Array.from({ length: 4 }, () => ({ query: '{ __typename }' }))));
    expect(four.status).toBe(413);
    expect(four.json().errors[0].message).toMatch(/batch/i);
  });
});

describe('NODE_ENV=production', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => h.close());

  it('serves no GraphiQL', async () => {
    const response = await request(h.url, { headers: { accept: 'text/html' } });
    const text = await response.body.text();
    expect(text).not.toMatch(/graphiql/i);
  });

  it('refuses introspection but keeps _service for federation', async () => {
    const introspection = await h.gql('{ __schema { types { name } } }', {}, null);
    expect(introspection.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const service = await h.gql<{ _service: { sdl: string } }>('{ _service { sdl } }', {}, null);
    expect(service.body.data?._service.sdl).toContain('@key(fields: "id")');
  });

  it('gives no field suggestions', async () => {
    const response = await h.gql('{ grups { totalCount } }');
    expect(JSON.stringify(response.body)).not.toMatch(/Did you mean/);
  });
});

describe('CORS and CSRF', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(() => h.close());

  it('allows a configured origin and names the headers a client may send', async () => {
    const response = await request(h.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    await response.body.dump();
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/authorization/);
  });

  it('does not allow another origin', async () => {
    const response = await request(h.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    await response.body.dump();
    expect(response.headers['access-control-allow-origin']).not.toBe('https://evil.example.com');
    expect(response.headers['access-control-allow-origin']).not.toBe('*');
  });

  it('refuses a GET without a CSRF header and accepts it with one', async () => {
    const url = `${h.url}?query=${encodeURIComponent('{ __typename }')}`;
    const bare = await request(url, { headers: { accept: 'application/json' } });
    expect(bare.statusCode).toBe(403);
    expect(((await bare.body.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    const withHeader = await request(url, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(await withHeader.body.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('one redaction point: tokens never reach a log line', () => {
  const CANARY = 'tok-CANARY-7f3a9c1e-never-log-me';
  const { lines, logger } = captureLog();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { LOG_LEVEL: 'trace', BITRIX24_TIMEOUT_MS: '300' },
      gateway: { logger: logger, client: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } },
    });
    h.sandbox.store.addToken(CANARY, SEED_FACTS.demoUser2Id);
  });
  afterAll(() => h.close());

  it('scans every log line of successes, refusals, upstream failures and masked errors', async () => {
    const responses = [
      await h.gql('{ viewer { user { id } } groups(first: 5) { nodes { name } } }', {}, CANARY),
      await h.gql(`mutation { requestGroupMembership(groupId: "${SEED_FACTS.closedGroupWithoutDemoUser}", message: "${CANARY}") { __typename } }`, {}, CANARY),
      await h.gql('{ group(id: "bogus") { id } }', {}, CANARY),
      await h.gql('{ group(id: "2") { id } }', {}, `${CANARY}-unknown`),
      await h.gql('{ nope }', {}, CANARY),
    ];
    h.sandbox.faults.set({ serverErrorRate: 1 });
    responses.push(await h.gql('{ group(id: "2") { id } }', {}, CANARY));
    h.sandbox.faults.set({ malformedRate: 1, malformedKind: 'html' });
    responses.push(await h.gql('{ group(id: "2") { id } }', {}, CANARY));
    h.sandbox.faults.clear();

    expect(lines.length).toBeGreaterThan(7);
    const output = lines.join('');
    expect(output).toContain('graphql request');
    // The planted token must be nowhere: not in log lines, not in responses.
    expect(output).not.toContain('CANARY');
    for (const response of responses) expect(JSON.stringify(response.body)).not.toContain('tok-CANARY');
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe('multi-portal: X-Bitrix24-Domain only from the allowlist', () => {
  let h: Harness;
  let second: Sandbox;
  let secondHost: string;
  beforeAll(async () => {
    second = createSandbox();
    const secondUrl = await second.listen(0, '127.0.0.1');
    secondHost = new URL(secondUrl).host;
    h = await startHarness({ env: { BITRIX24_ALLOWED_PORTALS: `portal.bitrix24.com, ${secondUrl}` } });
  });
  afterAll(async () => {
    await h.close();
    await second.close();
  });

  it('routes to an allowed portal', async () => {
    h.sandbox.clearLog();
    second.clearLog();
    const response = await h.gql('{ group(id: "2") { id } }', {}, 'demo-user', { 'x-bitrix24-domain': secondHost });
    expect(response.body).toEqual({ data: { group: { id: '2' } } });
    expect(second.requestLog()).toHaveLength(1);
    expect(h.upstreamRequests()).toHaveLength(0);
  });

  it.each([
    '127.0.0.1',
    'localhost',
    'evil.example.com',
    'portal.bitrix24.com.evil.example.com',
    'evilportal.bitrix24.com',
    'user@portal.bitrix24.com',
    'portal.bitrix24.com@evil.example.com',
    'portal.bitrix24.com:8443',
    'portal.bitrix24.com.',
    'portal.bitrix24.com/rest',
    'https://portal.bitrix24.com',
    '[::1]',
    '::1',
    '[::ffff:127.0.0.1]',
    '0x7f.0.0.1',
    '2130706433',
    '',
    'portal.bitrix24.com%00.evil.example.com',
  ])('refuses %j with FORBIDDEN before any upstream call', async (value) => {
    h.sandbox.clearLog();
    second.clearLog();
    const response = await h.gql('{ group(id: "2") { id } }', {}, 'demo-user', { 'x-bitrix24-domain': value });
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'PORTAL_NOT_ALLOWED' });
    expect(h.upstreamRequests()).toHaveLength(0);
    expect(second.requestLog()).toHaveLength(0);
  });
});

describe('trusted documents (TRUSTED_DOCUMENTS=1)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TRUSTED_DOCUMENTS: '1' } });
  });
  afterAll(() => h.close());

  const hash = (GroupWithMembersDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;

  it('runs a documented operation sent by its hash', async () => {
    const response = await post(h.url, JSON.stringify({ documentId: hash, variables: { id: '2' } }));
    expect(response.json().data.group.id).toBe('2');
  });

  it('accepts the APQ-style extension with the bare digest', async () => {
    const response = await post(h.url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace('sha256:', '') } }, variables: { id: '2' } }));
    expect(response.json().data.group.id).toBe('2');
  });

  it('refuses any other document before any upstream call', async () => {
    h.sandbox.clearLog();
    const response = await h.gql('{ group(id: "2") { id } }');
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.length).toBe(1);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    const unknown = await post(h.url, JSON.stringify({ documentId: 'sha256:0000' }));
    expect(unknown.json().errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } });
    expect(h.upstreamRequests()).toHaveLength(0);
  });
});

describe('observability', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('echoes a plain x-request-id and makes one otherwise', async () => {
    const echoed = await post(h.url, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'abc-123' });
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const made = await post(h.url, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'bad id with spaces' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics for operations, errors, upstream requests, batches and the limiter', async () => {
    await h.gql('{ groups(first: 5) { nodes { owner { name } } } }');
    await h.gql('{ group(id: "x") { id } }');
    const response = await request(`${new URL(h.url).origin}/metrics`);
    const text = await response.body.text();
    expect(response.statusCode).toBe(200);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation_type="query",operation_name="anonymous"\} [1-9]/);
    expect(text).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
    expect(text).toMatch(/bitrix24_upstream_requests_total\{method="sonet_group.get",outcome="ok"\} 1/);
    expect(text).toMatch(/bitrix24_upstream_requests_total\{method="user.get",outcome="ok"\} 1/);
    expect(text).toMatch(/bitrix24_calls_per_request_count [1-9]/);
    expect(text).toMatch(/bitrix24_limiter_wait_seconds_count [1-9]/);
    expect(text).toMatch(/bitrix24_limiter_queue_length\{portal="http:\/\/127.0.0.1:\d+"\} 0/);
  });

  it('answers /health and /ready', async () => {
    const origin = new URL(h.url).origin;
    const health = await request(`${origin}/health`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const ready = await request(`${origin}/ready`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toEqual({ status: 'ready', checks: { config: 'ok', portal: 'reachable (HTTP 401)' } });
    h.gateway.beginShutdown();
    const stopping = await request(`${origin}/ready`);
    expect(stopping.statusCode).toBe(503);
    await stopping.body.dump();
  });

  it('is not ready when the portal is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { loadConfig } = await import('../../src/config.js');
    const { createGateway } = await import('../../src/http/gateway.js');
    const gateway = createGateway(loadConfig({ BITRIX24_PORTAL_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent' }));
    const response = await gateway.yoga.fetch('http://gateway/ready');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', checks: { config: 'ok', portal: 'unreachable (ECONNREFUSED)' } });
    await gateway.close();
  });
});
