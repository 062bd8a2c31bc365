import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig, parseCorsOrigins, parsePortalUrl, RESERVED_PATHS } from '../../src/config.js';

const PORTAL = 'https://portal.bitrix24.com';

const EVENTS_DEFAULTS = {
  mode: 'online',
  path: '/bitrix24/events',
  applicationToken: undefined,
  adminToken: undefined,
  pollIntervalMs: 2_000,
  maxSubscriptionsPerConnection: 20,
  maxSubscriptionsPerToken: 50,
  maxGroupsPerSubscription: 50,
  maxQueuedPerSubscription: 100,
  heartbeatMs: 15_000,
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['0.0.0.0', false],
    ['127.0.0.1.evil.example.com', false],
    ['127.evil.example.com', false],
    ['localhost.evil.example.com', false],
    ['evil.example.com', false],
    ['[::2]', false],
    ['', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('parsePortalUrl', () => {
  it.each([
    ['https://portal.bitrix24.com', 'https://portal.bitrix24.com/'],
    ['https://portal.bitrix24.com/', 'https://portal.bitrix24.com/'],
    ['https://portal.example.com:8443/bitrix', 'https://portal.example.com:8443/bitrix'],
    ['https://evil.example.com', 'https://evil.example.com/'],
    ['http://127.0.0.1:4100', 'http://127.0.0.1:4100/'],
    ['http://127.8.9.10', 'http://127.8.9.10/'],
    ['http://localhost:4100', 'http://localhost:4100/'],
    ['http://LOCALHOST:4100', 'http://localhost:4100/'],
    ['http://[::1]:4100', 'http://[::1]:4100/'],
  ])('accepts %s', (value, href) => {
    expect(parsePortalUrl(value, 'BITRIX24_PORTAL_URL').href).toBe(href);
  });

  it.each([
    ['plain http to a public host', 'http://evil.example.com'],
    ['plain http to a private address', 'http://10.0.0.5'],
    ['plain http to a look-alike host', 'http://127.0.0.1.evil.example.com'],
    ['plain http to localhost look-alike', 'http://localhost.evil.example.com'],
    ['ftp', 'ftp://portal.bitrix24.com'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['userinfo', 'https://admin:hunter2@portal.bitrix24.com'],
    ['username only', 'https://admin@portal.bitrix24.com'],
    ['query', 'https://portal.bitrix24.com/?auth=abc'],
    ['fragment', 'https://portal.bitrix24.com/#x'],
    ['garbage', 'not a url'],
    ['host without scheme', 'portal.bitrix24.com'],
    ['empty', ''],
  ])('rejects %s', (_name, value) => {
    const error = configError(() => parsePortalUrl(value, 'BITRIX24_PORTAL_URL'));
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('BITRIX24_PORTAL_URL');
  });

  it('does not echo credentials or query in the message', () => {
    expect(configError(() => parsePortalUrl('https://admin:hunter2@portal.bitrix24.com', 'X')).message).not.toContain('hunter2');
    expect(configError(() => parsePortalUrl('https://portal.bitrix24.com/?auth=tok123', 'X')).message).not.toContain('tok123');
  });

  it.each([
    ['an incoming webhook', 'https://x.bitrix24.com/rest/1/secret/'],
    ['a webhook without the trailing slash', 'https://x.bitrix24.com/rest/1/secret'],
    ['the REST root', 'https://x.bitrix24.com/rest/'],
    ['a method URL', 'https://x.bitrix24.com/rest/user.current.json'],
    ['an upper-case REST segment', 'https://x.bitrix24.com/REST/1/secret/'],
    ['a webhook under a path prefix', 'https://portal.example.com/bitrix/rest/7/secret/'],
  ])('refuses %s, says what would work, and does not echo the secret', (_name, value) => {
    const error = configError(() => parsePortalUrl(value, 'BITRIX24_PORTAL_URL'));
    const origin = new URL(value).origin;
    expect(error.message).toBe(
      `BITRIX24_PORTAL_URL must be the portal's base URL such as ${origin}, not a REST or incoming-webhook URL ` +
        `(received "${origin}/rest/…"): the gateway calls Bitrix24 with each caller's own OAuth token and takes no webhook secret`,
    );
    expect(error.message).not.toContain('secret/');
    expect(error.message).not.toContain('user.current');
  });

  it('keeps a path prefix that is not a REST URL (a self-hosted portal under /bitrix)', () => {
    expect(parsePortalUrl('https://portal.example.com/restaurant', 'BITRIX24_PORTAL_URL').pathname).toBe('/restaurant');
  });

  it('names the variable it was given', () => {
    expect(configError(() => parsePortalUrl('http://evil.example.com', 'BITRIX24_ALLOWED_PORTALS')).message).toMatch(/^BITRIX24_ALLOWED_PORTALS /);
  });
});

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL })).toEqual({
      portalUrl: new URL(PORTAL),
      allowedPortals: [],
      graphqlPath: '/graphql',
      maxMessageLength: 2000,
      maxPageSize: 200,
      production: false,
      graphiql: true,
      introspection: true,
      rateLimit: { burst: 50, perSecond: 2 },
      rateLimitMaxWaitMs: 20_000,
      rateLimitMaxQueue: 1_000,
      redis: undefined,
      rateLimitReplicas: 1,
      upstreamTimeoutMs: 30_000,
      corsOrigins: [],
      logLevel: 'info',
      limits: {
        maxDepth: 10,
        maxAliases: 50,
        maxTokens: 5000,
        maxCost: 20_000,
        maxDirectives: 50,
        maxBodyBytes: 1_048_576,
        maxBatchedOperations: 10,
      },
      trustedDocuments: false,
      shutdownTimeoutMs: 10_000,
      d7Api: true,
      events: EVENTS_DEFAULTS,
    });
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      BITRIX24_PORTAL_URL: PORTAL,
      GRAPHQL_PATH: '',
      MAX_MESSAGE_LENGTH: '',
      MAX_PAGE_SIZE: '',
      GRAPHIQL: '',
      LOG_LEVEL: '',
      BITRIX24_RATE_LIMIT: '',
      BITRIX24_TIMEOUT_MS: '',
    });
    expect(config).toMatchObject({ graphqlPath: '/graphql', maxMessageLength: 2000, maxPageSize: 200, graphiql: true, logLevel: 'info' });
    expect(config.rateLimit).toEqual({ burst: 50, perSecond: 2 });
    expect(config.upstreamTimeoutMs).toBe(30_000);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      BITRIX24_PORTAL_URL: 'http://127.0.0.1:4100',
      BITRIX24_ALLOWED_PORTALS: 'a.bitrix24.com, https://b.bitrix24.de ,,',
      GRAPHQL_PATH: '/api/graphql',
      MAX_MESSAGE_LENGTH: '500',
      MAX_PAGE_SIZE: '100',
      GRAPHIQL: 'false',
      INTROSPECTION: '0',
      BITRIX24_RATE_LIMIT: '250/5',
      BITRIX24_RATE_LIMIT_MAX_WAIT_MS: '5000',
      BITRIX24_TIMEOUT_MS: '10000',
      CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
      LOG_LEVEL: 'debug',
    });
    expect(config.portalUrl.href).toBe('http://127.0.0.1:4100/');
    expect(config.allowedPortals.map((url) => url.href)).toEqual(['https://a.bitrix24.com/', 'https://b.bitrix24.de/']);
    expect(config).toMatchObject({
      graphqlPath: '/api/graphql',
      maxMessageLength: 500,
      maxPageSize: 100,
      graphiql: false,
      introspection: false,
      rateLimit: { burst: 250, perSecond: 5 },
      rateLimitMaxWaitMs: 5000,
      upstreamTimeoutMs: 10_000,
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      logLevel: 'debug',
    });
  });

  it('accepts "*" for CORS and "off" for the rate limit', () => {
    const config = loadConfig({ BITRIX24_PORTAL_URL: PORTAL, CORS_ORIGINS: ' * ', BITRIX24_RATE_LIMIT: 'off' });
    expect(config.corsOrigins).toBe('*');
    expect(config.rateLimit).toBe('off');
  });

  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['on', true],
    ['0', false],
    ['False', false],
    ['no', false],
    ['OFF', false],
  ])('GRAPHIQL=%s → %s', (raw, expected) => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, GRAPHIQL: raw }).graphiql).toBe(expected);
  });

  it('turns GraphiQL and introspection off by default in production', () => {
    const config = loadConfig({ BITRIX24_PORTAL_URL: PORTAL, NODE_ENV: 'production' });
    expect(config).toMatchObject({ production: true, graphiql: false, introspection: false });
  });

  it('lets production turn them back on explicitly', () => {
    const config = loadConfig({ BITRIX24_PORTAL_URL: PORTAL, NODE_ENV: 'production', GRAPHIQL: 'true', INTROSPECTION: '1' });
    expect(config).toMatchObject({ production: true, graphiql: true, introspection: true });
  });

  it.each([['development'], ['test'], ['Production']])('NODE_ENV=%s is not production', (nodeEnv) => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, NODE_ENV: nodeEnv })).toMatchObject({ production: false, graphiql: true, introspection: true });
  });

  it('uses the default portal when BITRIX24_PORTAL_URL is unset or empty', () => {
    expect(loadConfig({}, { portalUrl: 'http://127.0.0.1:4100' }).portalUrl.href).toBe('http://127.0.0.1:4100/');
    expect(loadConfig({ BITRIX24_PORTAL_URL: '' }, { portalUrl: 'http://127.0.0.1:4100' }).portalUrl.href).toBe('http://127.0.0.1:4100/');
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL }, { portalUrl: 'http://127.0.0.1:4100' }).portalUrl.href).toBe(`${PORTAL}/`);
  });

  it('requires a portal', () => {
    expect(configError(() => loadConfig({})).message).toContain('BITRIX24_PORTAL_URL');
  });

  it.each([
    ['http://evil.example.com'],
    ['ftp://portal.bitrix24.com'],
    ['https://user:pass@portal.bitrix24.com'],
    ['https://portal.bitrix24.com/?x=1'],
    ['https://portal.bitrix24.com/#frag'],
    ['garbage'],
  ])('rejects BITRIX24_PORTAL_URL=%s', (value) => {
    expect(configError(() => loadConfig({ BITRIX24_PORTAL_URL: value })).message).toContain('BITRIX24_PORTAL_URL');
  });

  it('rejects a bad allowed portal naming BITRIX24_ALLOWED_PORTALS', () => {
    expect(configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, BITRIX24_ALLOWED_PORTALS: 'a.bitrix24.com,http://evil.example.com' })).message).toContain(
      'BITRIX24_ALLOWED_PORTALS',
    );
  });

  it.each([
    ['MAX_MESSAGE_LENGTH', '0'],
    ['MAX_MESSAGE_LENGTH', '-5'],
    ['MAX_MESSAGE_LENGTH', 'abc'],
    ['MAX_MESSAGE_LENGTH', '1.5'],
    ['MAX_MESSAGE_LENGTH', '100001'],
    ['MAX_PAGE_SIZE', '0'],
    ['MAX_PAGE_SIZE', '2452'],
    ['MAX_PAGE_SIZE', '2500'],
    ['MAX_PAGE_SIZE', 'lots'],
    ['BITRIX24_TIMEOUT_MS', '0'],
    ['BITRIX24_TIMEOUT_MS', '120001'],
    ['BITRIX24_TIMEOUT_MS', '30s'],
    ['BITRIX24_RATE_LIMIT_MAX_WAIT_MS', '-1'],
    ['GRAPHIQL', 'maybe'],
    ['GRAPHIQL', 'Y'],
    ['INTROSPECTION', '2'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_LEVEL', 'INFO'],
    ['GRAPHQL_PATH', 'graphql'],
    ['GRAPHQL_PATH', '/graph ql'],
    ['BITRIX24_RATE_LIMIT', 'fast'],
    ['BITRIX24_RATE_LIMIT', '0/2'],
    ['BITRIX24_RATE_LIMIT', '50/0'],
    ['BITRIX24_RATE_LIMIT', '50'],
  ])('%s=%s is refused with a message naming the variable', (variable, raw) => {
    const error = configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, [variable]: raw }));
    expect(error.message).toContain(variable);
    expect(error.message).toContain(raw);
  });

  it.each([
    ['MAX_MESSAGE_LENGTH', '1', 'maxMessageLength', 1],
    ['MAX_MESSAGE_LENGTH', '100000', 'maxMessageLength', 100_000],
    ['MAX_PAGE_SIZE', '2451', 'maxPageSize', 2451],
    ['BITRIX24_TIMEOUT_MS', '120000', 'upstreamTimeoutMs', 120_000],
  ] as const)('%s=%s is the accepted bound', (variable, raw, key, expected) => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, [variable]: raw })[key]).toBe(expected);
  });

  it('reports every invalid variable at once', () => {
    const error = configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, MAX_PAGE_SIZE: '0', LOG_LEVEL: 'loud' }));
    expect(error.message).toContain('MAX_PAGE_SIZE');
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message.split('\n')).toHaveLength(2);
  });
});

describe('GRAPHQL_PATH may not take a path the gateway serves itself', () => {
  it('reserves health, readiness and metrics; the event intake is the configured BITRIX24_EVENTS_PATH', () => {
    expect(RESERVED_PATHS).toEqual(['/health', '/ready', '/metrics']);
  });

  it.each(['/health', '/ready', '/metrics', '/bitrix24/events', '/health/', '/Health', '/METRICS/', '/bitrix24/events/'])('GRAPHQL_PATH=%s is refused', (raw) => {
    expect(configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, GRAPHQL_PATH: raw })).message).toBe(
      `GRAPHQL_PATH must not be one of the gateway's own paths (/health, /ready, /metrics, /bitrix24/events); received "${raw}": use e.g. /graphql`,
    );
  });

  it.each(['/graphql', '/api/graphql', '/healthz', '/bitrix24', '/bitrix24/graphql', '/metrics-api'])('GRAPHQL_PATH=%s is accepted', (raw) => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, GRAPHQL_PATH: raw }).graphqlPath).toBe(raw);
  });

  it('GRAPHQL_PATH may not take a BITRIX24_EVENTS_PATH moved elsewhere, and may take /bitrix24/events then', () => {
    expect(configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, GRAPHQL_PATH: '/hooks/b24/', BITRIX24_EVENTS_PATH: '/hooks/b24' })).message).toBe(
      `BITRIX24_EVENTS_PATH must be a path other than the GraphQL path (/hooks/b24/) and the gateway's own paths (/health, /ready, /metrics); received "/hooks/b24": use e.g. /bitrix24/events`,
    );
    const config = loadConfig({ BITRIX24_PORTAL_URL: PORTAL, GRAPHQL_PATH: '/bitrix24/events', BITRIX24_EVENTS_PATH: '/hooks/b24' });
    expect([config.graphqlPath, config.events.path]).toEqual(['/bitrix24/events', '/hooks/b24']);
  });
});

describe('BITRIX24_EVENTS_PATH may not take a path the gateway serves itself, nor the GraphQL path', () => {
  it.each([
    ['/ready', {}],
    ['/health', {}],
    ['/METRICS/', {}],
    ['/graphql', {}],
    ['/GraphQL/', {}],
    ['/api/graphql', { GRAPHQL_PATH: '/api/graphql' }],
  ])('BITRIX24_EVENTS_PATH=%s is refused (%j)', (raw, env) => {
    const graphqlPath = (env as { GRAPHQL_PATH?: string }).GRAPHQL_PATH ?? '/graphql';
    expect(configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, ...env, BITRIX24_EVENTS_PATH: raw })).message).toBe(
      `BITRIX24_EVENTS_PATH must be a path other than the GraphQL path (${graphqlPath}) and the gateway's own paths (/health, /ready, /metrics); received "${raw}": use e.g. /bitrix24/events`,
    );
  });

  it.each(['/bitrix24/events', '/hooks/b24', '/readyz', '/graphql-events'])('BITRIX24_EVENTS_PATH=%s is accepted', (raw) => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, BITRIX24_EVENTS_PATH: raw }).events.path).toBe(raw);
  });

  it('a bad GRAPHQL_PATH and a bad BITRIX24_EVENTS_PATH are reported together', () => {
    const error = configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, GRAPHQL_PATH: '/health', BITRIX24_EVENTS_PATH: '/ready' }));
    expect(error.message.split('\n')).toHaveLength(2);
    expect(error.message).toContain('GRAPHQL_PATH must not be one of');
    expect(error.message).toContain('BITRIX24_EVENTS_PATH must be a path other than');
  });
});

describe('parseCorsOrigins', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['  ', []],
    ['*', '*'],
    [' * ', '*'],
    ['https://app.example.com', ['https://app.example.com']],
    ['https://app.example.com, http://localhost:5173 ,,', ['https://app.example.com', 'http://localhost:5173']],
    ['https://app.example.com:8443', ['https://app.example.com:8443']],
    ['http://[::1]:5173', ['http://[::1]:5173']],
  ] as const)('%j → %j', (raw, expected) => {
    expect(parseCorsOrigins(raw)).toEqual(expected);
  });

  const CONTRACT = 'CORS_ORIGINS must be "*" or comma-separated origins such as https://app.example.com,http://localhost:5173 (scheme, host and optional port, no path): ';
  it.each([
    ['not-an-origin', '"not-an-origin" is not an http(s) origin'],
    ['app.example.com', '"app.example.com" is not an http(s) origin'],
    ['ftp://app.example.com', '"ftp://app.example.com" is not an http(s) origin'],
    ['https://app.example.com/', '"https://app.example.com/" is not an origin (did you mean https://app.example.com?)'],
    ['https://app.example.com/path', '"https://app.example.com/path" is not an origin (did you mean https://app.example.com?)'],
    ['https://APP.example.com', '"https://APP.example.com" is not an origin (did you mean https://app.example.com?)'],
    ['https://app.example.com:443', '"https://app.example.com:443" is not an origin (did you mean https://app.example.com?)'],
    ['https://app.example.com,*', '"*" must stand alone, not in a list'],
    ['https://app.example.com, nope', '"nope" is not an http(s) origin'],
  ])('CORS_ORIGINS=%j is refused: %s', (raw, problem) => {
    expect(configError(() => parseCorsOrigins(raw)).message).toBe(CONTRACT + problem);
    expect(configError(() => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, CORS_ORIGINS: raw })).message).toBe(CONTRACT + problem);
  });
});

describe('integer settings accept plain digits only', () => {
  it.each(['0x10', '1e3', '12.0', ' 12'])('MAX_PAGE_SIZE=%j is refused', (raw) => {
    expect(() => loadConfig({ BITRIX24_PORTAL_URL: 'https://portal.bitrix24.com', MAX_PAGE_SIZE: raw })).toThrow(/MAX_PAGE_SIZE must be an integer/);
  });
});

describe('BITRIX24_D7_API (on|off, default on)', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['on', true],
    ['off', false],
    ['OFF', false],
    [' on ', true],
  ])('BITRIX24_D7_API=%j gives d7Api %s', (raw, expected) => {
    const env: Record<string, string | undefined> = { BITRIX24_PORTAL_URL: 'https://portal.bitrix24.com', BITRIX24_D7_API: raw };
    expect(loadConfig(env).d7Api).toBe(expected);
  });

  it.each(['true', '0', 'no', 'enabled'])('BITRIX24_D7_API=%j is refused with the contract and what was received', (raw) => {
    expect(() => loadConfig({ BITRIX24_PORTAL_URL: 'https://portal.bitrix24.com', BITRIX24_D7_API: raw })).toThrow(
      `BITRIX24_D7_API must be on or off; received "${raw}"`,
    );
  });
});

describe('live updates block (BITRIX24_EVENTS*, BITRIX24_APPLICATION_TOKEN, REDIS_URL, SUBSCRIPTIONS_*)', () => {
  const load = (env: Record<string, string>) => loadConfig({ BITRIX24_PORTAL_URL: PORTAL, ...env }).events;

  it('reads every variable', () => {
    expect(
      load({
        BITRIX24_EVENTS: 'offline',
        BITRIX24_EVENTS_PATH: '/hooks/b24',
        BITRIX24_APPLICATION_TOKEN: 'app-token',
        BITRIX24_EVENTS_ADMIN_TOKEN: 'admin-token',
        BITRIX24_EVENTS_POLL_MS: '500',
        REDIS_URL: 'redis://127.0.0.1:6390',
        SUBSCRIPTIONS_MAX_PER_CONNECTION: '5',
        SUBSCRIPTIONS_MAX_PER_TOKEN: '7',
        SUBSCRIPTIONS_MAX_GROUPS: '9',
        SUBSCRIPTIONS_MAX_QUEUE: '11',
        SUBSCRIPTIONS_HEARTBEAT_MS: '1000',
      }),
    ).toEqual({
      mode: 'offline',
      path: '/hooks/b24',
      applicationToken: 'app-token',
      adminToken: 'admin-token',
      pollIntervalMs: 500,
      maxSubscriptionsPerConnection: 5,
      maxSubscriptionsPerToken: 7,
      maxGroupsPerSubscription: 9,
      maxQueuedPerSubscription: 11,
      heartbeatMs: 1000,
    });
  });

  it.each([
    [{ BITRIX24_EVENTS: 'push' }, 'BITRIX24_EVENTS must be one of online, offline, off; received "push"'],
    [{ BITRIX24_EVENTS: 'offline' }, 'BITRIX24_EVENTS_ADMIN_TOKEN must be set'],
    [{ BITRIX24_EVENTS_PATH: 'events' }, 'BITRIX24_EVENTS_PATH must be a path such as /bitrix24/events'],
    [{ BITRIX24_EVENTS_PATH: '/graphql' }, 'other than the GraphQL path'],
    [{ SUBSCRIPTIONS_MAX_QUEUE: '0' }, 'SUBSCRIPTIONS_MAX_QUEUE must be an integer from 1 to 100000; received "0"'],
  ])('%j is refused with a message that states the contract', (env, message) => {
    expect(configError(() => load(env)).message).toContain(message);
  });
});
