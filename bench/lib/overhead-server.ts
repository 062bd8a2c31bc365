/**
 * One server of `npm run bench:overhead`, run as a child process so that its CPU time is its own:
 * `overhead-server.ts sandbox | floor <portal-url> | mechanics <portal-url> | gateway <portal-url> | baseline <portal-url> <checkout>`.
 *
 * - sandbox: the embedded Bitrix24 sandbox, rate limit off (the portal every other server calls).
 * - floor: the bare floor of the gateway's stack, built here: graphql-yoga with `maxRequestBodySize: false` and one
 *   undici request per `group(id:)`, no plugins, no logging. What the gateway cannot go below.
 * - mechanics: the floor plus the gateway's request mechanics, nothing else of it (see startFloor).
 * - gateway: the project's gateway as `npm start` runs it: NODE_ENV=production, its request log line at info level
 *   on stdout (the parent points stdout at /dev/null), metrics, limits, every plugin.
 *
 * The parent talks over IPC: the child sends `{ ready, url }` once it listens and answers `cpu` with its
 * process.cpuUsage(), `log` (sandbox only) with its request log, `clear-log`, `profile-start` and `profile-stop`
 * (a CPU profile of the measured run, written to the given path) and `stop`.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventEmitter } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import DataLoader from 'dataloader';
import { Pool } from 'undici';
import type * as ConfigModule from '../../src/config.js';
import type * as LoggerModule from '../../src/logger.js';
import type * as SandboxModule from '../../src/sandbox/index.js';
import { FLOOR_UPSTREAM_METHOD, floorUpstreamParams } from './overhead-upstream.js';

export type ServerRole = 'sandbox' | 'floor' | 'mechanics' | 'gateway' | 'baseline';

export type ParentMessage =
  | { type: 'cpu' }
  | { type: 'log' }
  | { type: 'clear-log' }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; path: string }
  | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; url: string; groupIds?: number[] }
  | { type: 'cpu'; user: number; system: number; maxRssKb: number }
  | { type: 'log'; entries: { method: string; params?: Record<string, unknown> }[] }
  | { type: 'cleared' }
  | { type: 'profiling' }
  | { type: 'profiled' }
  | { type: 'stopped' };

/**
 * The gateway and the sandbox run from `dist/`, compiled by `npm run build` (the script runs it first), as
 * `npm start` runs them: tsx's on-the-fly transform wraps every function the code creates per request in a
 * `__name(...)` call, which production code does not pay. The floor is this file's own few lines.
 */
const PROJECT_ROOT = new URL('../../', import.meta.url);
function fromBuild<T>(path: string, root: URL = PROJECT_ROOT): Promise<T> {
  return import(new URL(`dist/${path}`, root).href) as Promise<T>;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function listen(listener: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function startSandbox(): Promise<{ url: string; groupIds: number[]; close: () => Promise<void>; onMessage: (m: ParentMessage) => void }> {
  const { createSandbox } = await fromBuild<typeof SandboxModule>('sandbox/index.js');
  const sandbox = createSandbox({ rateLimit: 'off' });
  const url = await sandbox.listen(0, '127.0.0.1');
  // Groups the demo user may see (VISIBLE=Y): group(id:) never answers null for them.
  const groupIds = sandbox.store
    .groups()
    .filter((group) => group.visible === 'Y')
    .map((group) => group.id);
  return {
    url,
    groupIds,
    close: () => sandbox.close(),
    onMessage(message) {
      if (message.type === 'log') {
        send({ type: 'log', entries: sandbox.requestLog().map(({ method, params }) => ({ method, ...(params ? { params } : {}) })) });
      } else if (message.type === 'clear-log') {
        sandbox.clearLog();
        send({ type: 'cleared' });
      }
    },
  };
}

interface RestGroup {
  ID: string;
  NAME: string;
}

/**
 * The mechanics' upstream deadline: one timer and one listener on the caller's signal per request, handed to undici
 * as its `signal` (an EventEmitter), as src/bitrix24/transport.ts does. Written out here, not imported: the bench
 * measures what these mechanics cost on their own, whatever the gateway's code around them does.
 */
class MechanicsDeadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort = (): void => this.abort();
  constructor(
    timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    super();
    this.timer = setTimeout(() => this.abort(), timeoutMs);
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }
  private abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
  clear(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

/**
 * floor: yoga + one undici request per `group(id:)`, nothing else.
 * mechanics (`withMechanics`): the same, plus what every gateway operation goes through below its resolvers: a
 * DataLoader made per request in the context, the session's coalescing window (the batch function waits for
 * setImmediate), a 30 s deadline timer and a listener on the request's abort signal per upstream request, a pool of
 * 32 sockets, and the answer read with text() + JSON.parse. The gap between this row and the gateway's is the
 * gateway's own code (context, session, limiter, retry loop, descriptors, mapping, Pothos) and its plugins.
 */
async function startFloor(portalUrl: string, withMechanics = false): Promise<{ url: string; close: () => Promise<void> }> {
  const origin = new URL(portalUrl).origin;
  const pool = new Pool(origin, withMechanics ? { connections: 32 } : {});
  const tokenOf = (request: Request): string => (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
  const fetchGroup = async (id: string, token: string, signal?: AbortSignal): Promise<RestGroup | undefined> => {
    const deadline = withMechanics ? new MechanicsDeadline(30_000, signal) : undefined;
    try {
      const response = await pool.request({
        method: 'POST',
        path: `/rest/${FLOOR_UPSTREAM_METHOD}.json`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...floorUpstreamParams(id), auth: token }),
        ...(deadline ? { signal: deadline } : {}),
      });
      const answer = (withMechanics ? JSON.parse(await response.body.text()) : await response.body.json()) as { result?: RestGroup[] };
      return answer.result?.[0];
    } finally {
      deadline?.clear();
    }
  };
  type FloorContext = { request: Request; groups?: DataLoader<string, RestGroup | undefined> };
  const yoga = createYoga<FloorContext>({
    maxRequestBodySize: false,
    landingPage: false,
    graphiql: false,
    logging: false,
    ...(withMechanics
      ? {
          context: ({ request }: { request: Request }) => ({
            groups: new DataLoader<string, RestGroup | undefined>(async (ids) => {
              await new Promise<void>((resolve) => setImmediate(resolve));
              return Promise.all(ids.map((id) => fetchGroup(id, tokenOf(request), request.signal)));
            }),
          }),
        }
      : {}),
    schema: createSchema<FloorContext>({
      typeDefs: /* GraphQL */ `
        type Query {
          group(id: ID!): Group
        }
        type Group {
          id: ID!
          name: String!
        }
      `,
      resolvers: {
        Query: {
          group: async (_root: unknown, args: { id: string }, context: FloorContext) => {
            const row = context.groups ? await context.groups.load(args.id) : await fetchGroup(args.id, tokenOf(context.request));
            return row ? { id: row.ID, name: row.NAME } : null;
          },
        },
      },
    }),
  });
  const server = await listen(yoga as unknown as RequestListener);
  return {
    url: `${server.url}/graphql`,
    close: async () => {
      await server.close();
      await pool.close();
    },
  };
}

interface AnyGateway {
  yoga: unknown;
  listener?: RequestListener;
  close(): Promise<void>;
}

async function startGateway(portalUrl: string, root: URL = PROJECT_ROOT): Promise<{ url: string; close: () => Promise<void> }> {
  const { loadConfig } = await fromBuild<typeof ConfigModule>('config.js', root);
  const { createLogger, createStdoutDestination } = await fromBuild<typeof LoggerModule>('logger.js', root);
  // createGateway lives in src/http/gateway.ts since the http split, in src/server.ts before it: the bench measures
  // whichever this checkout has, so the same script gives the "before" figures too.
  let createGateway: ((config: unknown, options: unknown) => AnyGateway) | undefined;
  for (const candidate of ['http/gateway.js', 'server.js']) {
    try {
      createGateway = (await fromBuild<{ createGateway: typeof createGateway }>(candidate, root)).createGateway;
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  if (!createGateway) throw new Error('no createGateway in dist/http/gateway.js or dist/server.js: run `npm run build` first');
  const config = loadConfig({ NODE_ENV: 'production', BITRIX24_PORTAL_URL: portalUrl, BITRIX24_RATE_LIMIT: 'off', LOG_LEVEL: 'info' });
  const destination = createStdoutDestination();
  const logger = createLogger({ level: config.logLevel, destination });
  const gateway = createGateway(config, { logger });
  const server = await listen(gateway.listener ?? (gateway.yoga as RequestListener));
  return {
    url: `${server.url}${config.graphqlPath}`,
    close: async () => {
      await server.close();
      await gateway.close();
      await destination.close(1_000);
    },
  };
}

/**
 * CPU profiles of the measured runs only (BENCH_PROFILE): `--cpu-prof` would also record module loading and the
 * warm-ups. Samples every 100 µs.
 */
let profiler: Session | undefined;
async function startProfile(): Promise<void> {
  if (!profiler) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
  }
  await profiler.post('Profiler.start');
}
async function stopProfile(path: string): Promise<void> {
  const { profile } = await profiler!.post('Profiler.stop');
  await writeFile(path, JSON.stringify(profile));
}

const role = process.argv[2] as ServerRole | undefined;
const portal = process.argv[3] ?? '';
let running: { url: string; groupIds?: number[]; close: () => Promise<void>; onMessage?: (m: ParentMessage) => void };
if (role === 'sandbox') running = await startSandbox();
else if (role === 'floor') running = await startFloor(portal);
else if (role === 'mechanics') running = await startFloor(portal, true);
else if (role === 'gateway') running = await startGateway(portal);
// Another checkout's gateway (BENCH_BASELINE): its root directory, built.
else if (role === 'baseline') running = await startGateway(portal, pathToFileURL(`${resolve(process.argv[4] ?? '')}/`));
else throw new Error(`usage: overhead-server.ts sandbox | floor <portal-url> | mechanics <portal-url> | gateway <portal-url> | baseline <portal-url> <checkout>; received "${String(role)}"`);

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cpu') {
    const usage = process.cpuUsage();
    send({ type: 'cpu', user: usage.user, system: usage.system, maxRssKb: process.resourceUsage().maxRSS });
  } else if (message.type === 'profile-start') {
    void startProfile().then(() => send({ type: 'profiling' }));
  } else if (message.type === 'profile-stop') {
    void stopProfile(message.path).then(() => send({ type: 'profiled' }));
  } else if (message.type === 'stop') {
    void running.close().then(() => {
      send({ type: 'stopped' });
      process.exit(0);
    });
  } else {
    running.onMessage?.(message);
  }
});
// The parent going away (a crash, Ctrl-C) must not leave servers behind.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', url: running.url, ...(running.groupIds ? { groupIds: running.groupIds } : {}) });
