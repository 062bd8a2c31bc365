/**
 * `npm run bench:replicas`: several gateway processes, one portal budget (issue 12, docs/replicas.md).
 *
 * One sandbox portal (in this process) with a 20/4 bucket; gateway processes (`src/main.ts` under tsx) configured
 * 20/4 against it; one redis-server started here on a free port.
 *   1. shared:    3 gateways with REDIS_URL; BENCH_OPS (300) one-request operations from BENCH_CALLERS (30) callers,
 *                 each caller bound to one gateway and running its operations one after another. Throughput, wall time
 *                 against the theoretical minimum ((upstream requests - portal burst) / drain rate), the sandbox's
 *                 503 QUERY_LIMIT_EXCEEDED answers, fallbacks (from each gateway's /metrics), failed operations.
 *   2. overdraw:  the same without REDIS_URL: each gateway spends a whole budget.
 *   3. burst:     BENCH_BURST_OPS (60) two-request operations (a group, then its owner) arriving together; median and
 *                 last completion time, with 1 gateway and with 3 (REDIS_URL); the goal is median <= 0.6 x last.
 * Prints Markdown on stdout, progress on stderr. Exit code 1 when a goal is missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createSandbox, type Sandbox } from '../src/sandbox/index.js';
import { freePort, type RedisServer, startRedisServer } from '../test/redis/redis-server.js';

const PORTAL = { burst: 20, perSecond: 4 };
const OPS = Number(process.env.BENCH_OPS ?? 300);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 30);
const BURST_OPS = Number(process.env.BENCH_BURST_OPS ?? 60);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const progress = (message: string): void => void process.stderr.write(`[bench:replicas] ${message}\n`);

interface Gateway {
  base: string;
  child: ChildProcess;
}

async function startGateway(portal: string, env: Record<string, string>): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      BITRIX24_PORTAL_URL: portal,
      BITRIX24_RATE_LIMIT: `${PORTAL.burst}/${PORTAL.perSecond}`,
      // The burst scenario queues 120 requests at 4/s: nobody should be refused for waiting.
      BITRIX24_RATE_LIMIT_MAX_WAIT_MS: '120000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Warnings (a fallback to the local share) go to stderr as they come; the rest of the log is dropped.
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.includes('"level":40')) progress(`gateway ${port}: ${line}`);
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await request(`${base}/health`);
      await response.body.dump();
      if (response.statusCode === 200) return { base, child };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || attempt > 600) throw new Error(`gateway did not start: ${stderr.slice(-1000)}`);
    await sleep(100);
  }
}

async function stopGateways(gateways: Gateway[]): Promise<void> {
  await Promise.all(
    gateways.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

async function gql(gateway: Gateway, query: string, token: string): Promise<boolean> {
  const response = await request(`${gateway.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.body.json()) as { errors?: unknown[] };
  return response.statusCode === 200 && body.errors === undefined;
}

async function fallbacks(gateways: Gateway[]): Promise<number> {
  let total = 0;
  for (const gateway of gateways) {
    const text = await (await request(`${gateway.base}/metrics`)).body.text();
    total += Number(/^bitrix24_limiter_store_fallbacks_total (\d+)$/m.exec(text)?.[1] ?? 0);
  }
  return total;
}

function callersOf(sandbox: Sandbox, count: number): string[] {
  const users = sandbox.store.users().filter((user) => user.active && user.id > 4);
  return Array.from({ length: count }, (_, index) => {
    const token = `bench-caller-${index}`;
    sandbox.store.addToken(token, users[index % users.length]!.id);
    return token;
  });
}

const quotaRefusals = (sandbox: Sandbox): number => sandbox.requestLog().filter((entry) => entry.error === 'QUERY_LIMIT_EXCEEDED').length;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const s = (ms: number): string => (ms / 1000).toFixed(1);

interface LoadFigures {
  label: string;
  wallMs: number;
  upstream: number;
  minimumMs: number;
  refusals: number;
  failed: number;
  fallbacks: number;
}

/** Scenario 1 and 2: OPS one-request operations from CALLERS closed-loop callers over `replicas` gateways. */
async function loadRun(label: string, replicas: number, env: (index: number) => Record<string, string>): Promise<LoadFigures> {
  const sandbox = createSandbox({ rateLimit: PORTAL });
  const portal = await sandbox.listen(0, '127.0.0.1');
  const gateways = await Promise.all(Array.from({ length: replicas }, (_, index) => startGateway(portal, env(index))));
  try {
    const callers = callersOf(sandbox, CALLERS);
    progress(`${label}: ${OPS} operations from ${CALLERS} callers over ${replicas} gateways`);
    let next = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      callers.map(async (token, caller) => {
        for (let op = next++; op < OPS; op = next++) {
          if (!(await gql(gateways[caller % replicas]!, `{ group(id: "${(op % 80) + 1}") { id name } }`, token))) failed += 1;
        }
      }),
    );
    const wallMs = performance.now() - started;
    await sleep(300); // late requests reach the log
    const upstream = sandbox.requestLog().length;
    return {
      label,
      wallMs,
      upstream,
      minimumMs: (Math.max(0, upstream - PORTAL.burst) / PORTAL.perSecond) * 1000,
      refusals: quotaRefusals(sandbox),
      failed,
      fallbacks: await fallbacks(gateways),
    };
  } finally {
    await stopGateways(gateways);
    await sandbox.close();
  }
}

interface BurstFigures {
  label: string;
  medianMs: number;
  lastMs: number;
  upstream: number;
  refusals: number;
  failed: number;
}

/** Scenario 3: BURST_OPS two-request operations arriving together, spread over `replicas` gateways. */
async function burstRun(label: string, replicas: number, env: (index: number) => Record<string, string>): Promise<BurstFigures> {
  const sandbox = createSandbox({ rateLimit: PORTAL });
  const portal = await sandbox.listen(0, '127.0.0.1');
  const gateways = await Promise.all(Array.from({ length: replicas }, (_, index) => startGateway(portal, env(index))));
  try {
    const callers = callersOf(sandbox, BURST_OPS);
    progress(`${label}: ${BURST_OPS} two-request operations at once over ${replicas} gateway(s)`);
    const started = performance.now();
    let failed = 0;
    const completions = await Promise.all(
      callers.map(async (token, index) => {
        const ok = await gql(gateways[index % replicas]!, `{ group(id: "${(index % 80) + 1}") { id owner { id name } } }`, token);
        if (!ok) failed += 1;
        return performance.now() - started;
      }),
    );
    await sleep(300);
    return {
      label,
      medianMs: median(completions),
      lastMs: Math.max(...completions),
      upstream: sandbox.requestLog().length,
      refusals: quotaRefusals(sandbox),
      failed,
    };
  } finally {
    await stopGateways(gateways);
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  let redis: RedisServer | undefined;
  try {
    redis = await startRedisServer();
    const url = redis.url;
    const shared = (prefix: string, replicas: number) => () => ({
      REDIS_URL: url,
      REDIS_KEY_PREFIX: `${prefix}:`,
      BITRIX24_RATE_LIMIT_REPLICAS: String(replicas),
    });
    const load = [await loadRun('3 replicas, REDIS_URL', 3, shared('load', 3)), await loadRun('3 replicas, no REDIS_URL', 3, () => ({}))];
    const bursts = [
      await burstRun('1 replica', 1, () => ({})),
      await burstRun('3 replicas, REDIS_URL', 3, shared('burst', 3)),
    ];

    console.log(`## bench:replicas (sandbox bucket ${PORTAL.burst}/${PORTAL.perSecond}, gateways configured the same)\n`);
    console.log(`### ${OPS} one-request operations from ${CALLERS} callers\n`);
    console.log('| run | wall (s) | minimum (s) | wall / minimum | throughput (ops/s) | upstream requests | 503 QUERY_LIMIT_EXCEEDED | failed operations | fallbacks |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const run of load) {
      console.log(
        `| ${run.label} | ${s(run.wallMs)} | ${s(run.minimumMs)} | ${(run.wallMs / run.minimumMs).toFixed(2)} | ${((OPS * 1000) / run.wallMs).toFixed(2)} | ${run.upstream} | ${run.refusals} | ${run.failed} | ${run.fallbacks} |`,
      );
    }
    console.log(`\n### ${BURST_OPS} two-request operations arriving together\n`);
    console.log('| run | median completion (s) | last completion (s) | median / last | upstream requests | 503 QUERY_LIMIT_EXCEEDED | failed operations |');
    console.log('|---|---|---|---|---|---|---|');
    for (const run of bursts) {
      console.log(`| ${run.label} | ${s(run.medianMs)} | ${s(run.lastMs)} | ${(run.medianMs / run.lastMs).toFixed(2)} | ${run.upstream} | ${run.refusals} | ${run.failed} |`);
    }
    const [sharedRun] = load;
    const missed = [
      sharedRun!.refusals > 0 && 'the shared run saw QUERY_LIMIT_EXCEEDED',
      sharedRun!.failed > 0 && 'the shared run had failed operations',
      sharedRun!.wallMs > 1.15 * sharedRun!.minimumMs && 'the shared run took more than 1.15 x the minimum',
      ...bursts.map((run) => run.medianMs > 0.6 * run.lastMs && `${run.label}: median above 0.6 x last`),
    ].filter(Boolean);
    if (missed.length > 0) {
      console.log(`\nGoals missed: ${missed.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await redis?.stop();
  }
}

await main();
