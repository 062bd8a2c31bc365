/**
 * Environment → validated configuration. Every message names the variable, what is expected and what was received,
 * because the person reading it is an operator looking at a crash-looping container.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { UPSTREAM_PAGE_SIZE } from './bitrix24/group-query.js';
import { parseRateLimit, type BucketConfig } from './bitrix24/leaky-bucket.js';
import { BATCH_MAX_COMMANDS } from './bitrix24/session.js';

/**
 * The largest `groups(first:)` one batch can serve from any cursor: 50 upstream pages of 50 rows, less the 49 rows a
 * page may skip when it starts mid-way through an upstream page (2451). A larger MAX_PAGE_SIZE is refused at start,
 * rather than accepted and failed later.
 */
export const MAX_SERVABLE_PAGE_SIZE = BATCH_MAX_COMMANDS * UPSTREAM_PAGE_SIZE - (UPSTREAM_PAGE_SIZE - 1);

export interface GatewayConfig {
  /** The portal every request goes to (single-portal mode). */
  portalUrl: URL;
  /** Extra portals a request may choose with `X-Bitrix24-Domain` (multi-portal mode); empty = header ignored. */
  allowedPortals: readonly URL[];
  graphqlPath: string;
  /** Longest `message` accepted by requestGroupMembership, in characters. */
  maxMessageLength: number;
  /** Largest `first` accepted by `groups`. */
  maxPageSize: number;
  production: boolean;
  graphiql: boolean;
  introspection: boolean;
  rateLimit: BucketConfig | 'off';
  /** Longest a request waits for the limiter before RATE_LIMITED. */
  rateLimitMaxWaitMs: number;
  /** Requests that may wait for one portal's limiter at once; more are refused at once (memory stays flat). */
  rateLimitMaxQueue: number;
  /**
   * Replicas sharing the portal's budget through Redis (REDIS_URL); undefined = this process alone, in memory.
   * `replicas` is what the operator declares: each replica's share of the budget while Redis is unreachable.
   */
  redis: RedisConfig | undefined;
  /** BITRIX24_RATE_LIMIT_REPLICAS (default 1). */
  rateLimitReplicas: number;
  /** Deadline of one upstream HTTP request. */
  upstreamTimeoutMs: number;
  corsOrigins: readonly string[] | '*';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  limits: OperationLimits;
  /** Accept only the operations of schema/operations/ (by hash), from the manifest codegen writes. */
  trustedDocuments: boolean;
  /** How long a graceful shutdown waits for in-flight requests before closing their connections. */
  shutdownTimeoutMs: number;
  /**
   * BITRIX24_D7_API: the gateway may call Bitrix24's D7 controller `socialnetwork.api.*` (scope `socialnetwork`),
   * whose `usertogroup.*` actions are undocumented upstream. Off: only the legacy `sonet_group.*` methods are used,
   * and the operations that need D7 answer OperationNotSupportedError (docs/lifecycle.md).
   */
  d7Api: boolean;
  /** Live updates: Bitrix24 event intake, offline polling and subscription limits (docs/events.md). */
  events: EventsConfig;
}

/**
 * Live updates (issue 13). Validated in one block of loadConfig; see docs/events.md. Across replicas they use
 * GatewayConfig.redis (REDIS_URL, REDIS_KEY_PREFIX): pub/sub and the offline-polling lease.
 */
export interface EventsConfig {
  /** online: Bitrix24 POSTs events to `path`; offline: one replica polls event.offline.get; off: neither. */
  mode: 'online' | 'offline' | 'off';
  /** Where Bitrix24 delivers online events. */
  path: string;
  /** The app's `application_token`; every event must carry it. Unset = every event is refused (fail closed). */
  applicationToken: string | undefined;
  /** An administrator's token for event.offline.get (offline mode only). Never logged. */
  adminToken: string | undefined;
  pollIntervalMs: number;
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerToken: number;
  maxGroupsPerSubscription: number;
  /** Undelivered changes a subscription may hold before it is dropped as a slow consumer. */
  maxQueuedPerSubscription: number;
  /** WebSocket ping interval; a connection that misses a pong is closed. */
  heartbeatMs: number;
}

const EVENTS_MODES = ['online', 'offline', 'off'] as const;

/** The live-updates block: BITRIX24_EVENTS*, BITRIX24_APPLICATION_TOKEN, SUBSCRIPTIONS_*. */
function loadEventsConfig(env: Record<string, string | undefined>, path: string): EventsConfig {
  const schema = z.object({
    BITRIX24_EVENTS: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw === '') return 'online' as const;
        if (!(EVENTS_MODES as readonly string[]).includes(raw)) {
          ctx.addIssue({ code: 'custom', message: `BITRIX24_EVENTS must be one of ${EVENTS_MODES.join(', ')}; received "${raw}"` });
          return z.NEVER;
        }
        return raw as EventsConfig['mode'];
      }),
    BITRIX24_APPLICATION_TOKEN: z.string().optional(),
    BITRIX24_EVENTS_ADMIN_TOKEN: z.string().optional(),
    BITRIX24_EVENTS_POLL_MS: positiveInt('BITRIX24_EVENTS_POLL_MS', 2_000, 3_600_000),
    SUBSCRIPTIONS_MAX_PER_CONNECTION: positiveInt('SUBSCRIPTIONS_MAX_PER_CONNECTION', 20, 1_000),
    SUBSCRIPTIONS_MAX_PER_TOKEN: positiveInt('SUBSCRIPTIONS_MAX_PER_TOKEN', 50, 100_000),
    SUBSCRIPTIONS_MAX_GROUPS: positiveInt('SUBSCRIPTIONS_MAX_GROUPS', 50, 500),
    SUBSCRIPTIONS_MAX_QUEUE: positiveInt('SUBSCRIPTIONS_MAX_QUEUE', 100, 100_000),
    SUBSCRIPTIONS_HEARTBEAT_MS: positiveInt('SUBSCRIPTIONS_HEARTBEAT_MS', 15_000, 600_000),
  });
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join('\n'));
  const v = parsed.data;
  const adminToken = v.BITRIX24_EVENTS_ADMIN_TOKEN || undefined;
  if (v.BITRIX24_EVENTS === 'offline' && adminToken === undefined) {
    throw new ConfigError('BITRIX24_EVENTS_ADMIN_TOKEN must be set to an administrator\'s access token when BITRIX24_EVENTS=offline (event.offline.get is admin-only)');
  }
  return {
    mode: v.BITRIX24_EVENTS,
    path,
    applicationToken: v.BITRIX24_APPLICATION_TOKEN || undefined,
    adminToken,
    pollIntervalMs: v.BITRIX24_EVENTS_POLL_MS,
    maxSubscriptionsPerConnection: v.SUBSCRIPTIONS_MAX_PER_CONNECTION,
    maxSubscriptionsPerToken: v.SUBSCRIPTIONS_MAX_PER_TOKEN,
    maxGroupsPerSubscription: v.SUBSCRIPTIONS_MAX_GROUPS,
    maxQueuedPerSubscription: v.SUBSCRIPTIONS_MAX_QUEUE,
    heartbeatMs: v.SUBSCRIPTIONS_HEARTBEAT_MS,
  };
}

export interface RedisConfig {
  /** redis:// or rediss:// (TLS). Holds a password when there is one: never log it. */
  url: string;
  /** Prefix of every key the gateway writes (several gateways or environments can share one Redis). */
  keyPrefix: string;
}

/** Abuse limits on a GraphQL request, checked before any resolver runs. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
  /** Largest HTTP request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Operations accepted in one batched HTTP request (a JSON array body). */
  maxBatchedOperations: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Paths the gateway always serves itself on the GraphQL port (liveness, readiness, metrics). Neither GRAPHQL_PATH nor
 * BITRIX24_EVENTS_PATH may take one, nor the other's: one would shadow the other without a word.
 */
export const RESERVED_PATHS = ['/health', '/ready', '/metrics'] as const;

const PATH_SHAPE = /^\/[A-Za-z0-9/_-]*$/;

/**
 * GRAPHQL_PATH and BITRIX24_EVENTS_PATH, by one rule: each a plain path, neither a reserved path, and not each other
 * (compared as samePath does). A clash of the two is reported on BITRIX24_EVENTS_PATH, unless only GRAPHQL_PATH was
 * set. Returns both paths (defaults for unset or empty) and one message per refused variable.
 */
function servedPaths(env: Record<string, string | undefined>): { graphqlPath: string; eventsPath: string; problems: string[] } {
  const graphqlRaw = env.GRAPHQL_PATH || undefined;
  const eventsRaw = env.BITRIX24_EVENTS_PATH || undefined;
  const graphqlPath = graphqlRaw ?? '/graphql';
  const eventsPath = eventsRaw ?? '/bitrix24/events';
  const problems: string[] = [];
  const reserved = (path: string) => RESERVED_PATHS.some((taken) => samePath(taken, path));
  const eventsShaped = PATH_SHAPE.test(eventsPath);
  if (graphqlRaw !== undefined) {
    if (!PATH_SHAPE.test(graphqlRaw)) {
      problems.push(`GRAPHQL_PATH must be a path such as /graphql; received "${graphqlRaw}"`);
    } else if (reserved(graphqlRaw) || (eventsRaw === undefined && samePath(graphqlRaw, eventsPath))) {
      const own = [...RESERVED_PATHS, ...(eventsShaped ? [eventsPath] : [])];
      problems.push(`GRAPHQL_PATH must not be one of the gateway's own paths (${own.join(', ')}); received "${graphqlRaw}": use e.g. /graphql`);
    }
  }
  if (eventsRaw !== undefined) {
    if (!eventsShaped) {
      problems.push(`BITRIX24_EVENTS_PATH must be a path such as /bitrix24/events; received "${eventsRaw}"`);
    } else if (reserved(eventsRaw) || samePath(eventsRaw, graphqlPath)) {
      problems.push(
        `BITRIX24_EVENTS_PATH must be a path other than the GraphQL path (${graphqlPath}) and the gateway's own paths ` +
          `(${RESERVED_PATHS.join(', ')}); received "${eventsRaw}": use e.g. /bitrix24/events`,
      );
    }
  }
  return { graphqlPath, eventsPath, problems };
}

/** Compared without a trailing slash and without case: whoever writes `/Health/` means the health path too. */
function samePath(a: string, b: string): boolean {
  const normal = (path: string) => path.replace(/\/+$/, '').toLowerCase() || '/';
  return normal(a) === normal(b);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(hostname) || LOOPBACK_NAMES.has(bare)) return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * A portal base URL: https, or plain http for loopback only (a locally started sandbox). No credentials, query or
 * fragment: the URL is a base that `/rest/{method}.json` is appended to.
 */
export function parsePortalUrl(value: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${variable} must be an absolute URL such as https://your-portal.bitrix24.com; received "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      `${variable} must use https (plain http is accepted only for loopback addresses such as http://127.0.0.1:4100); received "${value}"`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${variable} must be a bare portal URL without credentials, query or fragment; received "${url.origin}${url.pathname}…"`);
  }
  // An incoming-webhook URL (`https://x.bitrix24.com/rest/1/<secret>/`) has a `rest` segment: the gateway would
  // append `/rest/{method}.json` behind it and never use the secret as one. Say so without echoing the secret.
  if (url.pathname.split('/').some((segment) => segment.toLowerCase() === 'rest')) {
    throw new ConfigError(
      `${variable} must be the portal's base URL such as ${url.origin}, not a REST or incoming-webhook URL ` +
        `(received "${url.origin}/rest/…"): the gateway calls Bitrix24 with each caller's own OAuth token and takes no webhook secret`,
    );
  }
  return url;
}

/**
 * CORS_ORIGINS: `*`, or origins as browsers send them in the `Origin` header (scheme, host, optional port; nothing
 * else), because the CORS check compares strings: `https://app.example.com/` would never match anything.
 */
export function parseCorsOrigins(raw: string | undefined): readonly string[] | '*' {
  const value = (raw ?? '').trim();
  if (value === '*') return '*';
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const problems: string[] = [];
  for (const entry of entries) {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (entry === '*') {
      problems.push('"*" must stand alone, not in a list');
    } else if (origin === undefined) {
      problems.push(`"${entry}" is not an http(s) origin`);
    } else if (origin !== entry) {
      problems.push(`"${entry}" is not an origin (did you mean ${origin}?)`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `CORS_ORIGINS must be "*" or comma-separated origins such as https://app.example.com,http://localhost:5173 ` +
        `(scheme, host and optional port, no path): ${problems.join('; ')}`,
    );
  }
  return entries;
}

function positiveInt(variable: string, fallback: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(value) || value < 1 || value > max) {
        ctx.addIssue({ code: 'custom', message: `${variable} must be an integer from 1 to ${max}; received "${raw}"` });
        return z.NEVER;
      }
      return value;
    });
}

/**
 * REDIS_URL: redis:// or rediss://, parsed once here. The message never repeats the value: it may hold a password.
 */
export function parseRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError('REDIS_URL must be a URL such as redis://redis:6379/0 or rediss://redis:6380 (TLS); received a value that is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must use redis:// or rediss:// (TLS); received a URL with "${url.protocol}"`);
  }
  if (url.hostname === '') throw new ConfigError('REDIS_URL must name a host, e.g. redis://redis:6379; received a URL without one');
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d+$/.test(url.pathname)) {
    throw new ConfigError('REDIS_URL may end with a database number only (redis://host:6379/0); received another path');
  }
  return value.trim();
}

const REDIS_KEY_PREFIX_SHAPE = /^[A-Za-z0-9._:-]{1,64}$/;

function booleanFlag(variable: string, fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      ctx.addIssue({ code: 'custom', message: `${variable} must be true/false (or 1/0); received "${raw}"` });
      return z.NEVER;
    });
}

/** `on` or `off` exactly (a contract name: BITRIX24_D7_API=on|off), case-insensitive; empty or unset is the default. */
function onOff(variable: string, fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = raw.trim().toLowerCase();
      if (value === 'on') return true;
      if (value === 'off') return false;
      ctx.addIssue({ code: 'custom', message: `${variable} must be on or off; received "${raw}"` });
      return z.NEVER;
    });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the configuration. `BITRIX24_PORTAL_URL` is required here; src/main.ts starts the embedded sandbox and
 * passes its URL when the variable is unset.
 */
export function loadConfig(env: Record<string, string | undefined>, defaults: { portalUrl?: string } = {}): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const schema = z.object({
    BITRIX24_PORTAL_URL: z.string().optional(),
    BITRIX24_ALLOWED_PORTALS: z.string().optional(),
    MAX_MESSAGE_LENGTH: positiveInt('MAX_MESSAGE_LENGTH', 2000, 100_000),
    MAX_PAGE_SIZE: positiveInt('MAX_PAGE_SIZE', 200, MAX_SERVABLE_PAGE_SIZE),
    GRAPHIQL: booleanFlag('GRAPHIQL', !production),
    INTROSPECTION: booleanFlag('INTROSPECTION', !production),
    BITRIX24_RATE_LIMIT: z.string().optional(),
    BITRIX24_RATE_LIMIT_MAX_WAIT_MS: positiveInt('BITRIX24_RATE_LIMIT_MAX_WAIT_MS', 20_000),
    BITRIX24_RATE_LIMIT_MAX_QUEUE: positiveInt('BITRIX24_RATE_LIMIT_MAX_QUEUE', 1_000, 1_000_000),
    REDIS_URL: z.string().optional(),
    REDIS_KEY_PREFIX: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw === '') return 'bitrix24-gateway:';
        if (!REDIS_KEY_PREFIX_SHAPE.test(raw)) {
          ctx.addIssue({
            code: 'custom',
            message: `REDIS_KEY_PREFIX must be 1 to 64 characters of letters, digits and . _ : - (e.g. "gateway-prod:"); received ${JSON.stringify(raw)}`,
          });
          return z.NEVER;
        }
        return raw;
      }),
    BITRIX24_RATE_LIMIT_REPLICAS: positiveInt('BITRIX24_RATE_LIMIT_REPLICAS', 1, 1000),
    BITRIX24_TIMEOUT_MS: positiveInt('BITRIX24_TIMEOUT_MS', 30_000, 120_000),
    CORS_ORIGINS: z.string().optional(),
    MAX_DEPTH: positiveInt('MAX_DEPTH', 10, 100),
    MAX_ALIASES: positiveInt('MAX_ALIASES', 50, 1000),
    MAX_TOKENS: positiveInt('MAX_TOKENS', 5000, 100_000),
    MAX_COST: positiveInt('MAX_COST', 20_000, 10_000_000),
    MAX_DIRECTIVES: positiveInt('MAX_DIRECTIVES', 50, 1000),
    MAX_BODY_BYTES: positiveInt('MAX_BODY_BYTES', 1_048_576, 100 * 1_048_576),
    MAX_BATCHED_OPERATIONS: positiveInt('MAX_BATCHED_OPERATIONS', 10, 100),
    TRUSTED_DOCUMENTS: booleanFlag('TRUSTED_DOCUMENTS', false),
    SHUTDOWN_TIMEOUT_MS: positiveInt('SHUTDOWN_TIMEOUT_MS', 10_000, 600_000),
    BITRIX24_D7_API: onOff('BITRIX24_D7_API', true),
    LOG_LEVEL: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw === '') return 'info' as const;
        if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
          ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; received "${raw}"` });
          return z.NEVER;
        }
        return raw as GatewayConfig['logLevel'];
      }),
  });
  const parsed = schema.safeParse(env);
  const paths = servedPaths(env);
  if (!parsed.success || paths.problems.length > 0) {
    throw new ConfigError([...(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)), ...paths.problems].join('\n'));
  }
  const values = parsed.data;
  const portalRaw = values.BITRIX24_PORTAL_URL || defaults.portalUrl;
  if (!portalRaw) {
    throw new ConfigError('BITRIX24_PORTAL_URL must be set to your portal, e.g. https://your-portal.bitrix24.com');
  }
  let rateLimit: BucketConfig | 'off';
  try {
    rateLimit = parseRateLimit(values.BITRIX24_RATE_LIMIT, 'BITRIX24_RATE_LIMIT', { burst: 50, perSecond: 2 });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const redisUrl = parseRedisUrl(values.REDIS_URL);
  const allowedPortals = (values.BITRIX24_ALLOWED_PORTALS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => parsePortalUrl(entry.includes('://') ? entry : `https://${entry}`, 'BITRIX24_ALLOWED_PORTALS'));
  const corsOrigins = parseCorsOrigins(values.CORS_ORIGINS);
  const events = loadEventsConfig(env, paths.eventsPath);
  return {
    portalUrl: parsePortalUrl(portalRaw, 'BITRIX24_PORTAL_URL'),
    allowedPortals,
    graphqlPath: paths.graphqlPath,
    maxMessageLength: values.MAX_MESSAGE_LENGTH,
    maxPageSize: values.MAX_PAGE_SIZE,
    production,
    graphiql: values.GRAPHIQL,
    introspection: values.INTROSPECTION,
    rateLimit,
    rateLimitMaxWaitMs: values.BITRIX24_RATE_LIMIT_MAX_WAIT_MS,
    rateLimitMaxQueue: values.BITRIX24_RATE_LIMIT_MAX_QUEUE,
    redis: redisUrl === undefined ? undefined : { url: redisUrl, keyPrefix: values.REDIS_KEY_PREFIX },
    rateLimitReplicas: values.BITRIX24_RATE_LIMIT_REPLICAS,
    upstreamTimeoutMs: values.BITRIX24_TIMEOUT_MS,
    corsOrigins,
    logLevel: values.LOG_LEVEL,
    limits: {
      maxDepth: values.MAX_DEPTH,
      maxAliases: values.MAX_ALIASES,
      maxTokens: values.MAX_TOKENS,
      maxCost: values.MAX_COST,
      maxDirectives: values.MAX_DIRECTIVES,
      maxBodyBytes: values.MAX_BODY_BYTES,
      maxBatchedOperations: values.MAX_BATCHED_OPERATIONS,
    },
    trustedDocuments: values.TRUSTED_DOCUMENTS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    d7Api: values.BITRIX24_D7_API,
    events,
  };
}
