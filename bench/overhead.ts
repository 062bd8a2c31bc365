/**
 * `npm run bench:overhead`: the gateway's own overhead against the floor of its stack, in one run.
 *
 * Up to five servers, each in its own child process (bench/lib/overhead-server.ts) so that CPU time is attributable:
 * - sandbox: the embedded Bitrix24 sandbox called directly (`POST /rest/sonet_group.get.json`), rate limit off;
 * - floor: graphql-yoga with `maxRequestBodySize: false` and one undici request to the sandbox per `group(id:)`,
 *   no plugins: the same stack as the gateway with nothing of the gateway's own;
 * - mechanics (only when BENCH_TARGETS lists it): the floor plus the request mechanics every gateway operation goes
 *   through below its resolvers (a DataLoader per request, the setImmediate coalescing window, a deadline timer and
 *   an abort listener per upstream request, 32 sockets): what those cost, apart from the gateway's own code;
 * - gateway: the project's gateway from dist/ with the node flags of `npm start`, NODE_ENV=production, logging its
 *   request line at info to stdout (/dev/null);
 * - baseline (only when BENCH_BASELINE is set): the gateway of another checkout, run the same way.
 *
 * The operation is `query($id: ID!) { group(id: $id) { id name } }` as demo-user, the id cycling over the groups
 * the demo user may see. Before measuring, the bench checks that the floor and the gateway send the sandbox the
 * same upstream request and answer the same body.
 *
 * The load generator (this process) is closed-loop over keep-alive connections: each of `c` connections sends its
 * next request when the previous answer is in (autocannon rounds latency to whole milliseconds, too coarse here).
 * For each round, concurrency and server (the order rotates every round): a measured run, after a warm-up in the
 * first round. Short runs, many rounds: on a shared machine, runs seconds apart see the same background load. CPU per
 * operation is the server process's process.cpuUsage() delta over the measured run divided by the answers.
 * Medians over rounds are printed, and the gateway's throughput ratio to the floor is taken within each round, so
 * it compares runs seconds apart on the same (shared, noisy) machine. Absolute figures move between runs; ratios
 * are the figures to compare.
 *
 * Environment: BENCH_ROUNDS (7), BENCH_SECONDS (2, per measured run), BENCH_WARMUP_SECONDS (2, first round),
 * BENCH_CONCURRENCY ("1,20"), BENCH_TARGETS ("sandbox,floor,gateway"; add "mechanics" for that server), BENCH_GATEWAY_NODE_OPTIONS, BENCH_FLOOR_NODE_OPTIONS,
 * BENCH_SANDBOX_NODE_OPTIONS (extra node flags for that child), BENCH_PROFILE (servers whose measured runs are
 * CPU-profiled, e.g. "gateway") and BENCH_PROFILE_DIR (where the .cpuprofile files go; default the working directory). Exit code 1 when any answer was wrong.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, platform } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { envInt, envIntList, markdownTable, median, num } from './lib/load-helpers.js';
import type { ChildMessage, ParentMessage, ServerRole } from './lib/overhead-server.js';
import { FLOOR_UPSTREAM_METHOD, floorUpstreamParams } from './lib/overhead-upstream.js';

const ROUNDS = envInt('BENCH_ROUNDS', 7, 1, 50);
const SECONDS = envInt('BENCH_SECONDS', 2, 1, 60);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2, 0, 30);
const CONCURRENCIES = envIntList('BENCH_CONCURRENCY', '1,20', 1, 200);
/**
 * BENCH_BASELINE: another checkout of this project (its root, with `npm ci && npm run build` done), whose gateway runs
 * as a fourth server in the same rounds: the gain of a change, measured against the commit before it, on a
 * machine where runs minutes apart do not compare.
 */
const BASELINE = process.env.BENCH_BASELINE?.trim() ? resolve(process.env.BENCH_BASELINE.trim()) : undefined;
const ALL_TARGETS: readonly ServerRole[] = BASELINE ? ['sandbox', 'floor', 'mechanics', 'gateway', 'baseline'] : ['sandbox', 'floor', 'mechanics', 'gateway'];
/** `mechanics` runs only when asked for; `baseline` whenever BENCH_BASELINE is set. */
const DEFAULT_TARGETS = ALL_TARGETS.filter((role) => role !== 'mechanics');
const TARGETS = listEnv('BENCH_TARGETS', DEFAULT_TARGETS.join(',')).map((raw) => {
  if (!ALL_TARGETS.includes(raw as ServerRole)) throw new Error(`BENCH_TARGETS must list some of ${ALL_TARGETS.join(', ')}; received "${raw}"`);
  return raw as ServerRole;
});
/** Servers whose measured runs are CPU-profiled, into BENCH_PROFILE_DIR (default the working directory). */
const PROFILE = listEnv('BENCH_PROFILE', ' ').map((raw) => {
  if (!ALL_TARGETS.includes(raw as ServerRole)) throw new Error(`BENCH_PROFILE must list some of ${ALL_TARGETS.join(', ')}; received "${raw}"`);
  return raw as ServerRole;
});
const PROFILE_DIR = resolve(process.env.BENCH_PROFILE_DIR ?? '.');
/**
 * The node flags of a checkout's `npm start` (`node <flags> dist/main.js` in its package.json): a gateway runs here as
 * `npm start` runs it, flags included. The floor and the sandbox get none.
 */
function startFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.start ?? '';
  const match = /^node\s+(.*?)\s*dist\/main\.js$/.exec(start.trim());
  return (match?.[1] ?? '').split(/\s+/).filter((flag) => flag.startsWith('--'));
}
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const nodeOptions = (role: ServerRole): string[] => [
  ...(role === 'gateway' ? startFlags(PROJECT_ROOT) : role === 'baseline' && BASELINE ? startFlags(BASELINE) : []),
  ...(process.env[`BENCH_${role.toUpperCase()}_NODE_OPTIONS`] ?? '').split(/\s+/).filter(Boolean),
];
const TOKEN = 'demo-user';
const QUERY = 'query($id: ID!) { group(id: $id) { id name } }';
const LABELS: Record<ServerRole, string> = {
  sandbox: 'sandbox called directly (REST)',
  floor: 'floor: yoga (maxRequestBodySize: false) + undici, no plugins',
  mechanics: 'the floor + the gateway\'s request mechanics (DataLoader, setImmediate window, deadline, 32 sockets)',
  gateway: 'the gateway',
  baseline: `the gateway at BENCH_BASELINE (${BASELINE ?? ''})`,
};

function listEnv(name: string, fallback: string): string[] {
  return (process.env[name]?.trim() || fallback.trim())
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function progress(message: string): void {
  process.stderr.write(`[bench:overhead] ${message}\n`);
}

// ------------------------------------------------------------------------------------------------ child servers

interface Child {
  role: ServerRole;
  url: string;
  groupIds: number[];
  request<T extends ChildMessage['type']>(message: ParentMessage, reply: T): Promise<Extract<ChildMessage, { type: T }>>;
}

const serverScript = fileURLToPath(new URL('./lib/overhead-server.ts', import.meta.url));

function startChild(role: ServerRole, args: string[], nodeOptions: string[]): Promise<Child> {
  const child = fork(serverScript, [role, ...args], {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    // stdout to /dev/null: the gateway's log lines are written, as in production, and nobody pays for reading them.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (message: ChildMessage) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${role} server exited with code ${String(code)} before it was ready`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        resolve({
          role,
          url: message.url,
          groupIds: message.groupIds ?? [],
          request: (request, reply) =>
            new Promise((done) => {
              waiting.set(reply, done as (message: ChildMessage) => void);
              child.send(request);
            }),
        });
        return;
      }
      const done = waiting.get(message.type);
      waiting.delete(message.type);
      done?.(message);
    });
  });
}

async function cpuMicros(child: Child): Promise<number> {
  const usage = await child.request({ type: 'cpu' }, 'cpu');
  return usage.user + usage.system;
}

async function stopChild(child: Child): Promise<void> {
  await child.request({ type: 'stop' }, 'stopped');
}

// ------------------------------------------------------------------------------------------------ requests

interface Target {
  role: ServerRole;
  child: Child;
  url: URL;
  body: (id: number) => string;
  headers: Record<string, string>;
  /** A 200 answer that is nevertheless wrong. */
  isWrong: (body: string) => boolean;
}

const graphqlHeaders = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
  authorization: `Bearer ${TOKEN}`,
};

function graphqlTarget(child: Child): Target {
  return {
    role: child.role,
    child,
    url: new URL(child.url),
    body: (id) => JSON.stringify({ query: QUERY, variables: { id: String(id) } }),
    headers: graphqlHeaders,
    isWrong: (body) => body.includes('"errors"') || !body.includes('"group":{"id"'),
  };
}

async function once(target: Target, id: number): Promise<{ status: number; text: string }> {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body(id) });
  return { status: response.status, text: await response.text() };
}

interface RunResult {
  answers: number;
  wrong: number;
  firstWrong?: string;
  seconds: number;
  latenciesMs: Float64Array;
  serverCpuMicros: number;
  sandboxCpuMicros: number;
}

/** `connections` closed loops over keep-alive connections for `seconds`. */
async function load(target: Target, groupIds: readonly number[], connections: number, seconds: number): Promise<Omit<RunResult, 'serverCpuMicros' | 'sandboxCpuMicros'>> {
  const pool = new Pool(target.url.origin, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let wrong = 0;
  let firstWrong: string | undefined;
  let next = 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  const path = target.url.pathname;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) {
        const id = groupIds[next++ % groupIds.length]!;
        const sent = performance.now();
        try {
          const response = await pool.request({ method: 'POST', path, headers: target.headers, body: target.body(id) });
          const text = await response.body.text();
          if (response.statusCode !== 200 || target.isWrong(text)) {
            wrong += 1;
            firstWrong ??= `HTTP ${response.statusCode} ${text.slice(0, 300)}`;
          }
        } catch (error) {
          wrong += 1;
          firstWrong ??= error instanceof Error ? error.message : String(error);
        }
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return { answers: latencies.length, wrong, ...(firstWrong ? { firstWrong } : {}), seconds: elapsed, latenciesMs: Float64Array.from(latencies).sort() };
}

async function measuredRun(target: Target, sandbox: Child, groupIds: readonly number[], connections: number, round: number): Promise<RunResult> {
  // The servers stay up between rounds, so they are warm (JIT, upstream connections) after their first run.
  if (round === 0 && WARMUP_SECONDS > 0) await load(target, groupIds, connections, WARMUP_SECONDS);
  const profiled = PROFILE.includes(target.role);
  if (profiled) await target.child.request({ type: 'profile-start' }, 'profiling');
  const serverBefore = await cpuMicros(target.child);
  const sandboxBefore = target.child === sandbox ? serverBefore : await cpuMicros(sandbox);
  const result = await load(target, groupIds, connections, SECONDS);
  const serverAfter = await cpuMicros(target.child);
  if (profiled) {
    const path = join(PROFILE_DIR, `overhead-${target.role}-c${connections}-r${round + 1}.cpuprofile`);
    await target.child.request({ type: 'profile-stop', path }, 'profiled');
    progress(`profile: ${path}`);
  }
  const sandboxAfter = target.child === sandbox ? serverAfter : await cpuMicros(sandbox);
  return { ...result, serverCpuMicros: serverAfter - serverBefore, sandboxCpuMicros: sandboxAfter - sandboxBefore };
}

const percentile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

// ------------------------------------------------------------------------------------------------ setup

progress('starting the sandbox, the floor server and the gateway (one child process each)');
const sandbox = await startChild('sandbox', [], nodeOptions('sandbox'));
const [floor, mechanics, gateway, baseline] = await Promise.all([
  startChild('floor', [sandbox.url], nodeOptions('floor')),
  TARGETS.includes('mechanics') ? startChild('mechanics', [sandbox.url], nodeOptions('mechanics')) : undefined,
  startChild('gateway', [sandbox.url], nodeOptions('gateway')),
  BASELINE ? startChild('baseline', [sandbox.url, BASELINE], nodeOptions('baseline')) : undefined,
]);
const groupIds = sandbox.groupIds;
if (groupIds.length === 0) throw new Error('the sandbox seed has no visible groups');

const sandboxTarget: Target = {
  role: 'sandbox',
  child: sandbox,
  url: new URL(`${sandbox.url}/rest/${FLOOR_UPSTREAM_METHOD}.json`),
  body: (id) => JSON.stringify({ ...floorUpstreamParams(String(id)), auth: TOKEN }),
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  isWrong: (body) => !body.includes('"result":[{'),
};
const targets: Partial<Record<ServerRole, Target>> = { sandbox: sandboxTarget, floor: graphqlTarget(floor), gateway: graphqlTarget(gateway) };
if (mechanics) targets.mechanics = graphqlTarget(mechanics);
if (baseline) targets.baseline = graphqlTarget(baseline);
const targetOf = (role: ServerRole): Target => {
  const target = targets[role];
  if (!target) throw new Error(`no ${role} server: set BENCH_BASELINE to measure one, or list mechanics in BENCH_TARGETS`);
  return target;
};

/**
 * The comparison is fair only if the floor does the gateway's upstream work and gives its answer: one request each,
 * same upstream method and parameters in the sandbox's log, same response body, for every group id.
 */
async function checkSameWork(): Promise<void> {
  for (const id of groupIds) {
    const seen: Record<string, { status: number; text: string; upstream: string }> = {};
    for (const target of ALL_TARGETS.filter((role) => targets[role] !== undefined).map(targetOf)) {
      await sandbox.request({ type: 'clear-log' }, 'cleared');
      const answer = await once(target, id);
      const log = await sandbox.request({ type: 'log' }, 'log');
      const upstream = JSON.stringify(log.entries.map(({ method, params }) => ({ method, params })));
      if (answer.status !== 200 || target.isWrong(answer.text) || log.entries.length !== 1) {
        throw new Error(`${target.role}, group ${id}: HTTP ${answer.status}, ${log.entries.length} upstream requests: ${answer.text.slice(0, 300)}`);
      }
      seen[target.role] = { ...answer, upstream };
    }
    if (seen.floor!.upstream !== seen.gateway!.upstream || seen.floor!.upstream !== seen.sandbox!.upstream) {
      throw new Error(`group ${id}: the servers sent different upstream requests: ${JSON.stringify(seen)}`);
    }
    if (seen.floor!.text !== seen.gateway!.text) throw new Error(`group ${id}: floor and gateway answered differently: ${seen.floor!.text} / ${seen.gateway!.text}`);
    if (seen.mechanics && (seen.mechanics.upstream !== seen.floor!.upstream || seen.mechanics.text !== seen.floor!.text)) {
      throw new Error(`group ${id}: the mechanics server did different work: ${JSON.stringify(seen)}`);
    }
    if (seen.baseline && (seen.baseline.upstream !== seen.gateway!.upstream || seen.baseline.text !== seen.gateway!.text)) {
      throw new Error(`group ${id}: the baseline gateway did different work: ${JSON.stringify(seen)}`);
    }
  }
}

progress(`checking that the floor and the gateway do the same upstream work for each of ${groupIds.length} groups`);
await checkSameWork();

// ------------------------------------------------------------------------------------------------ rounds

const results = new Map<string, RunResult[]>();
const key = (role: ServerRole, connections: number): string => `${role}@${connections}`;
let failed = false;
for (let round = 0; round < ROUNDS; round += 1) {
  for (const connections of CONCURRENCIES) {
    // Rotate the order each round, so no server always runs first (or right after the heaviest one).
    const order = TARGETS.map((_, index) => TARGETS[(index + round) % TARGETS.length]!);
    for (const role of order) {
      const run = await measuredRun(targetOf(role), sandbox, groupIds, connections, round);
      const list = results.get(key(role, connections)) ?? [];
      list.push(run);
      results.set(key(role, connections), list);
      progress(
        `round ${round + 1}/${ROUNDS} c=${connections} ${role}: ${num(run.answers / run.seconds, 0)} req/s, ` +
          `p50 ${num(percentile(run.latenciesMs, 50), 2)} ms, ${num(run.serverCpuMicros / Math.max(1, run.answers), 0)} µs CPU/op` +
          (run.wrong > 0 ? `, ${run.wrong} WRONG (${run.firstWrong})` : ''),
      );
      if (run.wrong > 0) failed = true;
    }
  }
}

/** Each server's peak resident set over its whole life (warm-ups and every round), in MB. */
const peakRssMb = new Map<ServerRole, number>();
const children = [sandbox, floor, gateway, ...(mechanics ? [mechanics] : []), ...(baseline ? [baseline] : [])];
for (const child of children) {
  peakRssMb.set(child.role, (await child.request({ type: 'cpu' }, 'cpu')).maxRssKb / 1024);
}
await Promise.all(children.map(stopChild));

// ------------------------------------------------------------------------------------------------ output

const rate = (run: RunResult): number => run.answers / run.seconds;
const range = (values: number[], digits: number): string =>
  `${num(median(values), digits)} (${num(Math.min(...values), digits)}–${num(Math.max(...values), digits)})`;

const out: string[] = [];
const cpuList = cpus();
out.push('# Gateway overhead against the floor of its stack (`npm run bench:overhead`)', '');
out.push(
  `node ${process.version}, ${platform()} ${arch()}, ${availableParallelism()} CPUs (${cpuList[0]?.model.trim() ?? 'unknown'}); ` +
    `BENCH_ROUNDS=${ROUNDS}, BENCH_SECONDS=${SECONDS} per measured run after a ${WARMUP_SECONDS} s warm-up; ` +
    `\`${QUERY}\` as ${TOKEN} over ${groupIds.length} group ids; closed-loop keep-alive load from the parent process, ` +
    'each server in its own child process. Figures: median over the rounds (lowest–highest). ' +
    `Node flags: gateway ${JSON.stringify(nodeOptions('gateway').join(' '))}` +
    (BASELINE ? `, baseline ${JSON.stringify(nodeOptions('baseline').join(' '))}` : '') +
    `, floor ${JSON.stringify(nodeOptions('floor').join(' '))}` +
    (mechanics ? `, mechanics ${JSON.stringify(nodeOptions('mechanics').join(' '))}` : '') +
    '.',
  '',
);
const rows: string[][] = [];
for (const connections of CONCURRENCIES) {
  for (const role of TARGETS) {
    const runs = results.get(key(role, connections)) ?? [];
    if (runs.length === 0) continue;
    const floorRuns = results.get(key('floor', connections)) ?? [];
    const ratios = role === 'sandbox' ? [] : runs.map((run, index) => (floorRuns[index] ? rate(run) / rate(floorRuns[index]) : Number.NaN));
    const cpu = (run: RunResult): number => run.serverCpuMicros / Math.max(1, run.answers);
    const cpuRatios = role === 'sandbox' ? [] : runs.map((run, index) => (floorRuns[index] ? cpu(run) / cpu(floorRuns[index]) : Number.NaN));
    rows.push([
      String(connections),
      LABELS[role],
      range(runs.map(rate), 0),
      num(median(runs.map((run) => percentile(run.latenciesMs, 50))), 2),
      num(median(runs.map((run) => percentile(run.latenciesMs, 99))), 2),
      range(
        runs.map((run) => run.serverCpuMicros / Math.max(1, run.answers)),
        0,
      ),
      role === 'sandbox' ? '' : num(median(runs.map((run) => run.sandboxCpuMicros / Math.max(1, run.answers))), 0),
      ratios.length > 0 && ratios.every(Number.isFinite) ? `**${num(median(ratios), 2)}×** (${ratios.map((ratio) => num(ratio, 2)).join(', ')})` : '',
      cpuRatios.length > 0 && cpuRatios.every(Number.isFinite) ? `${num(median(cpuRatios), 2)}×` : '',
      num(peakRssMb.get(role) ?? Number.NaN, 0),
    ]);
  }
}
out.push(
  markdownTable(
    ['c', 'server', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/op', 'sandbox CPU µs/op', 'req/s ÷ floor, same round (each round)', 'CPU/op ÷ floor', 'peak RSS MB'],
    rows,
  ),
  '',
);
out.push(
  'CPU µs/op: the server process\'s user+system CPU time (process.cpuUsage) over the measured run, divided by the answers; ' +
    'for the sandbox row it is the sandbox\'s own. The ratios are medians of the per-round ratios, each taken between runs ' +
    'seconds apart; absolute req/s and latencies move with what else runs on the machine. Peak RSS: the server process\'s ' +
    'largest resident set over the whole bench (process.resourceUsage().maxRSS), the same figure on both of its rows.',
);
if (BASELINE && TARGETS.includes('baseline') && TARGETS.includes('gateway')) {
  out.push('', `The gateway against the baseline (${BASELINE}), same round, medians of the per-round ratios:`);
  for (const connections of CONCURRENCIES) {
    const now = results.get(key('gateway', connections)) ?? [];
    const before = results.get(key('baseline', connections)) ?? [];
    const rates = now.map((run, index) => (before[index] ? rate(run) / rate(before[index]) : Number.NaN)).filter(Number.isFinite);
    const cpus = now
      .map((run, index) => (before[index] ? run.serverCpuMicros / Math.max(1, run.answers) / (before[index].serverCpuMicros / Math.max(1, before[index].answers)) : Number.NaN))
      .filter(Number.isFinite);
    if (rates.length > 0) out.push(`- c=${connections}: req/s ${num(median(rates), 2)}× the baseline's, CPU/op ${num(median(cpus), 2)}×`);
  }
}
if (failed) out.push('', 'WRONG ANSWERS: see stderr.');
console.log(out.join('\n'));
if (failed) process.exitCode = 1;
