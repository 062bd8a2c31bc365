/**
 * Environment → validated configuration. Every message names the variable, what is expected and what was received,
 * because the person reading it is an operator looking at a crash-looping container.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseRateLimit, type BucketConfig } from './bitrix24/leaky-bucket.js';

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
  /** Deadline of one upstream HTTP request. */
  upstreamTimeoutMs: number;
  corsOrigins: readonly string[] | '*';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
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
  return url;
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
    GRAPHQL_PATH: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw === '') return '/graphql';
        if (!/^\/[A-Za-z0-9/_-]*$/.test(raw)) {
          ctx.addIssue({ code: 'custom', message: `GRAPHQL_PATH must be a path such as /graphql; received "${raw}"` });
          return z.NEVER;
        }
        return raw;
      }),
    MAX_MESSAGE_LENGTH: positiveInt('MAX_MESSAGE_LENGTH', 2000, 100_000),
    MAX_PAGE_SIZE: positiveInt('MAX_PAGE_SIZE', 200, 2500),
    GRAPHIQL: booleanFlag('GRAPHIQL', !production),
    INTROSPECTION: booleanFlag('INTROSPECTION', !production),
    BITRIX24_RATE_LIMIT: z.string().optional(),
    BITRIX24_RATE_LIMIT_MAX_WAIT_MS: positiveInt('BITRIX24_RATE_LIMIT_MAX_WAIT_MS', 20_000),
    BITRIX24_TIMEOUT_MS: positiveInt('BITRIX24_TIMEOUT_MS', 30_000, 120_000),
    CORS_ORIGINS: z.string().optional(),
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
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join('\n'));
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
  const allowedPortals = (values.BITRIX24_ALLOWED_PORTALS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => parsePortalUrl(entry.includes('://') ? entry : `https://${entry}`, 'BITRIX24_ALLOWED_PORTALS'));
  const corsRaw = (values.CORS_ORIGINS ?? '').trim();
  return {
    portalUrl: parsePortalUrl(portalRaw, 'BITRIX24_PORTAL_URL'),
    allowedPortals,
    graphqlPath: values.GRAPHQL_PATH,
    maxMessageLength: values.MAX_MESSAGE_LENGTH,
    maxPageSize: values.MAX_PAGE_SIZE,
    production,
    graphiql: values.GRAPHIQL,
    introspection: values.INTROSPECTION,
    rateLimit,
    rateLimitMaxWaitMs: values.BITRIX24_RATE_LIMIT_MAX_WAIT_MS,
    upstreamTimeoutMs: values.BITRIX24_TIMEOUT_MS,
    corsOrigins: corsRaw === '*' ? '*' : corsRaw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''),
    logLevel: values.LOG_LEVEL,
  };
}
