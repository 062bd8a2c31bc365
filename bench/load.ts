/**
 * `npm run bench:load`: throughput, latency and memory of the gateway under load, and rate-limit shaping.
 *
 * 1. Rate limit off (the gateway's own overhead): autocannon against the gateway for a small operation (one
 *    `group(id:)`, id and caller token varied per request) and a large one (50 groups with owner and members), each
 *    beside the same data fetched by direct REST calls to the sandbox.
 * 2. Rate limit on (sandbox bucket 50/2, gateway configured 50/2): a fixed number of one-request operations from
 *    concurrent callers must all succeed, without a single upstream QUERY_LIMIT_EXCEEDED, in close to the
 *    theoretical minimum time.
 *
 * Everything runs on loopback in this one process: the embedded sandbox and the gateway on port 0, autocannon
 * in-process. Prints Markdown on stdout (progress on stderr). Exit code 1 when the shaping run saw a caller error or
 * an upstream QUERY_LIMIT_EXCEEDED, or a load run saw errors.
 *
 * Environment: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (20), BENCH_USERS (20),
 * BENCH_SHAPING_OPS (70), BENCH_SHAPING_CALLERS (20).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arch, availableParallelism, cpus, platform } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { withHeadroom, type BucketConfig } from '../src/bitrix24/leaky-bucket.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { createGateway, type Gateway } from '../src/http/gateway.js';
import { collectGarbage, envInt, markdownTable, mb, median, num, progress, sampleRss, type RssReport } from './lib/load-helpers.js';

const SECONDS = envInt('BENCH_SECONDS', 10, 1, 60);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2, 0, 30);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 20, 1, 200);
const USERS = envInt('BENCH_USERS', 20, 1, 100);
const SHAPING_OPS = envInt('BENCH_SHAPING_OPS', 70, 1, 150);
const SHAPING_CALLERS = envInt('BENCH_SHAPING_CALLERS', 20, 1, 100);
/** The real Bitrix24 default, used for both the sandbox's bucket and the gateway's configuration. */
const PORTAL_BUCKET: BucketConfig = { burst: 50, perSecond: 2 };
const SHAPING_MAX_WAIT_MS = 60_000;
const GATEWAY_BUCKET = withHeadroom(PORTAL_BUCKET);
/** After a run: time for in-flight requests to reach the sandbox log. */
const SETTLE_MS = 300;
/** Then: longer than the gateway's first retry backoff (at most 1 s), so nothing of one run lands in the next. */
const SETTLE_LATE_MS = 1_200;

const SMALL_QUERY = (id: number): string => `{ group(id: "${id}") { id name } }`;
const LARGE_QUERY = '{ groups(first: 50) { nodes { name owner { name } members { role user { name } } } } }';

// The script must stop by itself: a watchdog far above the expected runtime.
const expectedMs = (4 * (SECONDS + WARMUP_SECONDS + 3) + Math.max(0, SHAPING_OPS - GATEWAY_BUCKET.burst) / PORTAL_BUCKET.perSecond) * 1000;
const watchdog = setTimeout(() => {
  console.error(`[bench:load] watchdog: still running after ${Math.round((expectedMs * 2 + 60_000) / 1000)} s; aborting`);
  process.exit(3);
}, expectedMs * 2 + 60_000);
watchdog.unref();

// ------------------------------------------------------------------------------------------------ plumbing

interface RunningGateway {
  gateway: Gateway;
  server: Server;
  url: string;
}

async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
  const server = createServer(gateway.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { gateway, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

async function stopGateway(running: RunningGateway): Promise<void> {
  running.server.closeAllConnections();
  await new Promise<void>((resolve) => running.server.close(() => resolve()));
  await running.gateway.close();
}

interface Caller {
  token: string;
  userId: number;
}

/** Tokens for the first `count` active, non-admin demo users (sandbox.reset() would drop them again). */
function mintTokens(sandbox: Sandbox, count: number): Caller[] {
  const users = sandbox.store.users().filter((user) => user.active && !user.isAdmin).slice(0, count);
  if (users.length < count) throw new Error(`the sandbox has only ${users.length} active non-admin users; BENCH_USERS=${count}`);
  return users.map((user) => {
    const token = `bench-load-${user.id}`;
    sandbox.store.addToken(token, user.id);
    return { token, userId: user.id };
  });
}

/** Groups every caller may see (VISIBLE=Y), so `group(id:)` never answers null. */
function visibleGroupIds(sandbox: Sandbox): number[] {
  return sandbox.store
    .groups()
    .filter((group) => group.visible === 'Y')
    .map((group) => group.id);
}

/** Request i → (caller, group): every pair comes up before any repeats (period callers × groups). */
function pick<T, U>(index: number, callers: readonly T[], groups: readonly U[]): [T, U] {
  return [callers[index % callers.length]!, groups[Math.floor(index / callers.length) % groups.length]!];
}

// ------------------------------------------------------------------------------------------------ load runs

interface LoadTarget {
  operation: 'small' | 'large';
  label: string;
  url: string;
  requests: autocannon.Request[];
  /** HTTP requests per operation in one pass over `requests` (1 through the gateway). */
  requestsPerOp: number;
  /** A 2xx answer that nevertheless failed (GraphQL `errors`, a REST `error`, a missing group). */
  isBodyError(body: string): boolean;
  latencyNote?: string;
}

interface LoadResult {
  target: LoadTarget;
  durationS: number;
  responses: number;
  /** Requests sent, including those in flight when autocannon stopped. */
  sent: number;
  connErrors: number;
  timeouts: number;
  non2xx: number;
  bodyErrors: number;
  firstBodyError: string | undefined;
  p50: number;
  p99: number;
  rss: RssReport;
  upstream: number;
  /** Upstream requests logged 0.3 to 1.5 s after the run stopped. */
  lateUpstream: number;
  bytesPerResponse: number;
}

function runAutocannon(target: LoadTarget, seconds: number, onBodyError: (body: string) => void): Promise<autocannon.Result> {
  const requests = target.requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      if (status >= 200 && status < 300 && target.isBodyError(body)) onBodyError(body);
    },
  }));
  return autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
    requests,
  });
}

async function runLoad(target: LoadTarget, sandbox: Sandbox): Promise<LoadResult> {
  if (WARMUP_SECONDS > 0) {
    progress(`${target.operation} via ${target.label}: ${WARMUP_SECONDS} s warm-up`);
    await runAutocannon(target, WARMUP_SECONDS, () => undefined);
    await sleep(SETTLE_LATE_MS);
  }
  sandbox.clearLog();
  collectGarbage();
  await sleep(100);
  progress(`${target.operation} via ${target.label}: ${SECONDS} s with ${CONNECTIONS} connections`);
  let bodyErrors = 0;
  let firstBodyError: string | undefined;
  const stopRss = sampleRss(100);
  const result = await runAutocannon(target, SECONDS, (body) => {
    bodyErrors += 1;
    firstBodyError ??= body.slice(0, 300);
  });
  const rss = stopRss();
  // Requests in flight when autocannon stopped are abandoned: let the sandbox log what they had already sent,
  // then count separately what still arrives later (the gateway's retries for callers that have gone away).
  await sleep(SETTLE_MS);
  const upstream = sandbox.requestLog().length;
  await sleep(SETTLE_LATE_MS);
  const lateUpstream = sandbox.requestLog().length - upstream;
  sandbox.clearLog();
  progress(`  ${result.requests.total} answered, ${result.requests.sent} sent, ${upstream} upstream (+${lateUpstream} late) in ${result.duration} s`);
  return {
    target,
    durationS: result.duration,
    responses: result.requests.total,
    sent: result.requests.sent,
    connErrors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bodyErrors,
    firstBodyError,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rss,
    upstream,
    lateUpstream,
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
  };
}

/**
 * Upstream requests per operation, bounded by the operations started (the ones abandoned mid-flight had sent part
 * of their requests) and the operations answered: one figure when both round the same.
 */
function upstreamPerOp(upstream: number, opsStarted: number, opsAnswered: number): string {
  if (opsAnswered <= 0) return 'n/a';
  const low = num(upstream / opsStarted, 2);
  const high = num(upstream / opsAnswered, 2);
  return low === high ? low : `${low}–${high}`;
}

function loadRow(result: LoadResult): string[] {
  const httpPerS = result.responses / result.durationS;
  const ops = result.responses / result.target.requestsPerOp;
  const opsStarted = result.sent / result.target.requestsPerOp;
  const mark = result.target.latencyNote ? ' †' : '';
  return [
    result.target.operation,
    result.target.label,
    num(ops / result.durationS, ops / result.durationS < 100 ? 1 : 0),
    num(httpPerS, 0),
    `${num(result.p50, 1)}${mark}`,
    `${num(result.p99, 1)}${mark}`,
    `${result.connErrors} / ${result.non2xx} / ${result.bodyErrors}`,
    `${mb(result.rss.before)} → ${mb(result.rss.peak)}`,
    num(result.bytesPerResponse, 0),
    upstreamPerOp(result.upstream, opsStarted, ops),
  ];
}

// ------------------------------------------------------------------------------------------------ phase 1

progress('phase 1: rate limit off');
const sandbox = createSandbox({ rateLimit: 'off' });
const sandboxUrl = await sandbox.listen(0, '127.0.0.1');
const callers = mintTokens(sandbox, USERS);
const groupIds = visibleGroupIds(sandbox);
if (groupIds.length === 0) throw new Error('the sandbox seed has no visible groups');
const gatewayOff = await startGateway({ BITRIX24_PORTAL_URL: sandboxUrl, BITRIX24_RATE_LIMIT: 'off' });

type Json = Record<string, unknown>;

async function graphqlOnce(url: string, token: string, query: string): Promise<Json> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as Json;
  if (response.status !== 200 || body.errors) throw new Error(`probe failed: HTTP ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

/**
 * The large operation's upstream pattern, per caller: a probe gateway (a second instance on the same sandbox,
 * its transport wrapped to record what it posts) runs the operation once per token. The recorded bodies are what
 * the direct-REST baseline replays, so the baseline sends exactly the gateway's requests, sequentially.
 */
async function captureUpstream(query: string): Promise<{ requests: autocannon.Request[]; perOp: number }> {
  const probe = await startGateway({ BITRIX24_PORTAL_URL: sandboxUrl, BITRIX24_RATE_LIMIT: 'off' });
  const transport = probe.gateway.client.transport;
  const originalPost = transport.post.bind(transport);
  const recorded: autocannon.Request[] = [];
  transport.post = (portal, method, params, token, options) => {
    recorded.push({ method: 'POST', path: `/rest/${encodeURIComponent(method)}.json`, body: JSON.stringify({ ...params, auth: token }) });
    return originalPost(portal, method, params, token, options);
  };
  try {
    sandbox.clearLog();
    for (const caller of callers) await graphqlOnce(probe.url, caller.token, query);
    const logged = sandbox.requestLog().length;
    if (logged !== recorded.length) throw new Error(`probe recorded ${recorded.length} upstream requests, the sandbox logged ${logged}`);
    sandbox.clearLog();
    return { requests: recorded, perOp: recorded.length / callers.length };
  } finally {
    await stopGateway(probe);
  }
}

progress('probing the operations once per caller');
for (const caller of callers) {
  const answer = await graphqlOnce(gatewayOff.url, caller.token, SMALL_QUERY(groupIds[0]!));
  if ((answer.data as Json | undefined)?.group == null) throw new Error(`group ${groupIds[0]} is null for user ${caller.userId}`);
}
sandbox.clearLog();
const large = await captureUpstream(LARGE_QUERY);

let smallGatewayIndex = 0;
const smallGateway: LoadTarget = {
  operation: 'small',
  label: 'gateway',
  url: gatewayOff.url,
  requestsPerOp: 1,
  requests: [
    {
      setupRequest: (request) => {
        const [caller, id] = pick(smallGatewayIndex++, callers, groupIds);
        return {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${caller.token}` },
          body: JSON.stringify({ query: SMALL_QUERY(id) }),
        };
      },
    },
  ],
  isBodyError: (body) => body.includes('"errors"') || body.includes('"group":null'),
};

let smallDirectIndex = 0;
const smallDirect: LoadTarget = {
  operation: 'small',
  label: 'direct REST',
  url: sandboxUrl,
  requestsPerOp: 1,
  requests: [
    {
      path: '/rest/sonet_group.get.json',
      setupRequest: (request) => {
        const [caller, id] = pick(smallDirectIndex++, callers, groupIds);
        return { ...request, body: JSON.stringify({ FILTER: { ID: [id] }, auth: caller.token }) };
      },
    },
  ],
  isBodyError: (body) => body.includes('"error":') || body.includes('"result":[]'),
};

let largeGatewayIndex = 0;
const largeGateway: LoadTarget = {
  operation: 'large',
  label: 'gateway',
  url: gatewayOff.url,
  requestsPerOp: 1,
  requests: [
    {
      setupRequest: (request) => {
        const caller = callers[largeGatewayIndex++ % callers.length]!;
        return {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${caller.token}` },
          body: JSON.stringify({ query: LARGE_QUERY }),
        };
      },
    },
  ],
  isBodyError: (body) => body.includes('"errors"'),
};

const largeDirect: LoadTarget = {
  operation: 'large',
  label: `direct REST (gateway's ${num(large.perOp, 2)} requests, replayed sequentially)`,
  url: sandboxUrl,
  requestsPerOp: large.perOp,
  requests: large.requests,
  // Top-level errors and failed batch items (result_error entries carry an "error" key).
  isBodyError: (body) => body.includes('"error":'),
  latencyNote: 'per HTTP request, not per operation',
};

const smallGatewayResult = await runLoad(smallGateway, sandbox);
const smallDirectResult = await runLoad(smallDirect, sandbox);
const largeGatewayResult = await runLoad(largeGateway, sandbox);
const largeDirectResult = await runLoad(largeDirect, sandbox);
const loadResults = [smallGatewayResult, smallDirectResult, largeGatewayResult, largeDirectResult];

await stopGateway(gatewayOff);
await sandbox.close();

// ------------------------------------------------------------------------------------------------ phase 2

progress(`phase 2: shaping ${SHAPING_OPS} operations from ${SHAPING_CALLERS} callers at ${PORTAL_BUCKET.burst}/${PORTAL_BUCKET.perSecond}`);
const limited = createSandbox({ rateLimit: PORTAL_BUCKET });
const limitedUrl = await limited.listen(0, '127.0.0.1');
const limitedCallers = mintTokens(limited, USERS);
const limitedGroupIds = visibleGroupIds(limited);
const gatewayOn = await startGateway({
  BITRIX24_PORTAL_URL: limitedUrl,
  BITRIX24_RATE_LIMIT: `${PORTAL_BUCKET.burst}/${PORTAL_BUCKET.perSecond}`,
  BITRIX24_RATE_LIMIT_MAX_WAIT_MS: String(SHAPING_MAX_WAIT_MS),
});
const pool = new Pool(new URL(gatewayOn.url).origin, { connections: SHAPING_CALLERS });
const callerErrors: string[] = [];
const latencies: number[] = [];
const completedAt: number[] = [];
let nextOp = 0;
const shapingStarted = performance.now();
await Promise.all(
  Array.from({ length: SHAPING_CALLERS }, async () => {
    for (let index = nextOp++; index < SHAPING_OPS; index = nextOp++) {
      const [caller, id] = pick(index, limitedCallers, limitedGroupIds);
      const sent = performance.now();
      try {
        const response = await pool.request({
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` },
          body: JSON.stringify({ query: SMALL_QUERY(id) }),
          signal: AbortSignal.timeout(SHAPING_MAX_WAIT_MS + 30_000),
        });
        const text = await response.body.text();
        if (response.statusCode !== 200 || text.includes('"errors"') || text.includes('"group":null')) {
          callerErrors.push(`operation ${index}: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
        }
      } catch (error) {
        callerErrors.push(`operation ${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const now = performance.now();
      latencies.push(now - sent);
      completedAt.push(now - shapingStarted);
    }
  }),
);
const shapingWallS = (performance.now() - shapingStarted) / 1000;
const shapingLog = limited.requestLog();
await pool.close();
await stopGateway(gatewayOn);
await limited.close();

const upstreamCount = shapingLog.length;
const refused = shapingLog.filter((entry) => entry.error === 'QUERY_LIMIT_EXCEEDED').length;
const otherUpstreamFailures = shapingLog.filter((entry) => entry.status !== 200 && entry.error !== 'QUERY_LIMIT_EXCEEDED').length;
const portalMinS = Math.max(0, upstreamCount - PORTAL_BUCKET.burst) / PORTAL_BUCKET.perSecond;
const gatewayMinS = Math.max(0, upstreamCount - GATEWAY_BUCKET.burst) / PORTAL_BUCKET.perSecond;
const sentAt = shapingLog.map((entry) => Date.parse(entry.at)).sort((a, b) => a - b);
const firstSent = sentAt[0] ?? 0;
const inFirstBurst = sentAt.filter((at) => at - firstSent < 100).length;
const spacing = sentAt.slice(GATEWAY_BUCKET.burst).map((at, index) => at - sentAt[GATEWAY_BUCKET.burst - 1 + index]!);

// ------------------------------------------------------------------------------------------------ output

const cpuList = cpus();
const out: string[] = [];
out.push('# Load benchmark (`npm run bench:load`)', '');
out.push(
  `node ${process.version}, ${platform()} ${arch()}, ${availableParallelism()} CPUs (${cpuList[0]?.model.trim() ?? 'unknown'}); ` +
    `BENCH_SECONDS=${SECONDS} (after a ${WARMUP_SECONDS} s warm-up per run), BENCH_CONNECTIONS=${CONNECTIONS}, BENCH_USERS=${USERS} callers' tokens, ` +
    `${groupIds.length} visible groups; shaping: BENCH_SHAPING_OPS=${SHAPING_OPS} from BENCH_SHAPING_CALLERS=${SHAPING_CALLERS} at ${PORTAL_BUCKET.burst}/${PORTAL_BUCKET.perSecond}.`,
  '',
);
out.push('## 1. Rate limit off: throughput, latency and memory', '');
out.push(
  '- small: `' + SMALL_QUERY(0).replace('"0"', '"<id>"') + '` (id and caller token vary per request); direct REST: one `POST /rest/sonet_group.get.json` with `{"FILTER":{"ID":[id]},"auth":token}`.',
  '- large: `' + LARGE_QUERY + `\` (token varies per request); direct REST: the exact upstream requests the gateway sent for this operation ` +
    `(recorded once per caller token: ${large.requests.length} requests for ${callers.length} callers), replayed in order by each connection; ` +
    'ops/s = HTTP req/s divided by requests per operation.',
  '- The gateway, the sandbox and autocannon share this one Node.js process (one event loop): req/s and RSS cover all three, ' +
    'and a gateway row also pays for the sandbox work behind it.',
  '',
);
out.push(
  markdownTable(
    ['operation', 'path', 'ops/s', 'HTTP req/s', 'p50 ms', 'p99 ms', 'conn errors / non-2xx / body errors', 'RSS MB before → peak', 'bytes/response', 'upstream reqs/op'],
    loadResults.map(loadRow),
  ),
  '',
);
out.push(
  `† ${largeDirect.latencyNote}: one operation is ${num(large.perOp, 2)} such requests, which the gateway partly sends concurrently.`,
  `Upstream reqs/op = sandbox request-log entries divided by the operations started (including the ${CONNECTIONS} abandoned in flight when autocannon stopped) and by the operations answered, as a range when the two differ (a probe of one operation per caller counted ${num(large.perOp, 2)} for the large one). ` +
    `RSS is sampled every 100 ms, after a full garbage collection before each run${collectGarbage() ? '' : ' (unavailable here: not collected)'}; the sandbox's request log grows during a run and is part of it.`,
  '',
);
const late = loadResults.filter((result) => result.lateUpstream > 0);
if (late.length > 0) {
  out.push(
    `Late upstream requests (logged ${SETTLE_MS / 1000}–${(SETTLE_MS + SETTLE_LATE_MS) / 1000} s after autocannon stopped, not counted above): ` +
      late.map((result) => `${result.lateUpstream} after the ${result.target.operation} ${result.target.label} run`).join(', ') +
      `. They serve the ${CONNECTIONS} operations whose connections autocannon closed mid-flight.`,
    '',
  );
}
for (const result of loadResults) {
  if (result.firstBodyError) out.push(`First body error (${result.target.operation} ${result.target.label}): \`${result.firstBodyError}\``, '');
}

out.push(`## 2. Rate limit on: shaping at ${PORTAL_BUCKET.burst}/${PORTAL_BUCKET.perSecond}`, '');
out.push(
  `Sandbox bucket ${PORTAL_BUCKET.burst}/${PORTAL_BUCKET.perSecond}; gateway BITRIX24_RATE_LIMIT=${PORTAL_BUCKET.burst}/${PORTAL_BUCKET.perSecond}, ` +
    `which it shapes to ${GATEWAY_BUCKET.burst}/${GATEWAY_BUCKET.perSecond} (10% headroom); BITRIX24_RATE_LIMIT_MAX_WAIT_MS=${SHAPING_MAX_WAIT_MS}. ` +
    `${SHAPING_OPS} small operations (one upstream request each) from ${SHAPING_CALLERS} concurrent callers, each sending its next operation when the previous one is answered.`,
  '',
);
const ratio = (value: number, floor: number): string => (floor > 0 ? `${num(value / floor, 2)}×` : 'n/a (within the burst)');
out.push(
  markdownTable(
    ['measure', 'value'],
    [
      ['operations answered', String(latencies.length)],
      ['upstream HTTP requests', String(upstreamCount)],
      ['refused upstream (QUERY_LIMIT_EXCEEDED)', String(refused)],
      ['other upstream failures', String(otherUpstreamFailures)],
      ['errors seen by callers', String(callerErrors.length)],
      ['total wall time', `${num(shapingWallS, 2)} s`],
      [`theoretical minimum, portal bucket: max(0, ${upstreamCount} − ${PORTAL_BUCKET.burst}) / ${PORTAL_BUCKET.perSecond}`, `${num(portalMinS, 2)} s`],
      [
        `theoretical minimum with the gateway's headroom: max(0, ${upstreamCount} − ${GATEWAY_BUCKET.burst}) / ${PORTAL_BUCKET.perSecond}`,
        `${num(gatewayMinS, 2)} s`,
      ],
      ['wall time / minimum with headroom', ratio(shapingWallS, gatewayMinS)],
      ['wall time / portal minimum', ratio(shapingWallS, portalMinS)],
      ['upstream requests within 100 ms of the first', String(inFirstBurst)],
      [`median spacing of upstream requests after the first ${GATEWAY_BUCKET.burst}`, spacing.length > 0 ? `${num(median(spacing), 0)} ms` : 'n/a'],
      ['caller latency p50 / max', `${num(median(latencies), 0)} ms / ${num(Math.max(...latencies), 0)} ms`],
      ['operations answered within 1 s', String(completedAt.filter((at) => at < 1000).length)],
    ],
  ),
  '',
);

const loadFailures = loadResults.filter((result) => result.connErrors + result.non2xx + result.bodyErrors > 0);
const shapingOk = callerErrors.length === 0 && refused === 0 && latencies.length === SHAPING_OPS;
out.push(
  shapingOk
    ? `Shaping: all ${SHAPING_OPS} operations succeeded and the portal refused nothing.`
    : `SHAPING FAILED: ${callerErrors.length} caller errors, ${refused} upstream QUERY_LIMIT_EXCEEDED.`,
);
if (loadFailures.length > 0) {
  out.push(`LOAD RUNS WITH ERRORS: ${loadFailures.map((result) => `${result.target.operation} ${result.target.label}`).join(', ')}.`);
}
console.log(out.join('\n'));
for (const error of callerErrors.slice(0, 5)) console.error(`[bench:load] ${error}`);

clearTimeout(watchdog);
if (!shapingOk || loadFailures.length > 0) process.exitCode = 1;
