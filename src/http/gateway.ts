/**
 * createGateway(config): the GraphQL app, without listening (src/main.ts listens). Tests mount it on port 0.
 *
 * Request path: request id → body-size check → /health, /ready, /metrics → yoga (CORS, CSRF prevention, trusted
 * documents, abuse limits, introspection rule) → the bearer-token and portal checks (whole operation refused before
 * any resolver) → resolvers → masked errors → request log line and metrics. One plugin per concern, in use-*.ts.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { Bitrix24Client, type Bitrix24ClientOptions } from '../bitrix24/index.js';
import { createLimiterStore } from './limiter-store.js';
import type { GatewayConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { choosePortal, PORTAL_HEADER } from '../portal.js';
import { createContext, type GatewayContext } from '../schema/context.js';
import { ErrorCode, isClientError, maskError } from '../schema/errors.js';
import { guardEntities } from '../schema/entities.js';
import { subgraphSchema } from '../schema/index.js';
import { graphiqlOptions, renderGraphiQL } from './graphiql.js';
import { createGatewayLiveUpdates, useBitrix24Events, type GatewayLiveUpdates } from './live-updates.js';
import { createRequestStates } from './request-state.js';
import { checkRequestTarget } from './request-target.js';
import { useBodyLimit } from './use-body-limit.js';
import { useCallerCheck } from './use-caller-check.js';
import { useDisableIntrospection } from './use-introspection.js';
import { useMetrics } from './use-metrics.js';
import { useNotAcceptable } from './use-not-acceptable.js';
import { useOperationInfo } from './use-operation-info.js';
import { createReadiness, useReadiness } from './use-readiness.js';
import { REQUEST_ID_HEADER, useRequestId } from './use-request-id.js';
import { useRequestLog } from './use-request-log.js';
import { useRequestShape } from './use-request-shape.js';
import { useTokenRedaction } from './use-token-redaction.js';
import { loadTrustedDocuments, useTrustedDocuments } from './use-trusted-documents.js';
import { attachGraphQLWebSocket, type GraphQLWebSocket } from './websocket.js';
import type { WriteAudit } from '../workgroups/index.js';

export interface GatewayOptions {
  logger?: Logger;
  /** Overrides for the REST client (tests shorten timeouts and retries). */
  client?: Bitrix24ClientOptions;
  /** Shown in GraphiQL's headers tab, e.g. a demo token when serving the embedded sandbox. */
  graphiqlDefaultToken?: string | undefined;
  /** Every demo token, listed in GraphiQL's headers tab (src/main.ts passes the embedded sandbox's). */
  graphiqlDemoTokens?: readonly string[] | undefined;
  /** Where TRUSTED_DOCUMENTS=1 reads its manifest; default schema/trusted-documents.json. */
  trustedDocumentsPath?: string | URL;
}

export interface Gateway {
  readonly yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** The node:http request listener: malformed requests are answered 400 here, then yoga handles the rest. */
  readonly listener: RequestListener;
  readonly client: Bitrix24Client;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** /ready answers 503 from now on, so load balancers stop sending traffic while in-flight work finishes. */
  beginShutdown(): void;
  close(): Promise<void>;
  /** Live updates: the signal bus, the fan-out hub, the offline poller (docs/events.md). */
  readonly live: GatewayLiveUpdates;
  /** Serves GraphQL over WebSocket (graphql-ws) on the GraphQL path of this HTTP server. */
  attachWebSocket(server: Server): void;
}

export function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Every upstream write, once its batch settles: operation, portal origin, group, caller's id (never the token).
  const writeAudit: WriteAudit = { wrote: (record) => logger.info(record, 'workgroup write') };
  const metrics = createMetrics();
  const clientHooks = { ...metrics.clientHooks, ...options.client?.hooks };
  const sharedStore = createLimiterStore(config, metrics, logger);
  const client = new Bitrix24Client({
    ...options.client,
    hooks: clientHooks,
    transport: { requestTimeoutMs: config.upstreamTimeoutMs, ...options.client?.transport },
    limiter: {
      rate: config.rateLimit,
      maxWaitMs: config.rateLimitMaxWaitMs,
      maxQueue: config.rateLimitMaxQueue,
      onQueueChange: (length, portal) => metrics.limiterQueue.set({ portal }, length),
      onWait: (waitMs) => metrics.limiterWait.observe(waitMs / 1000),
      ...(sharedStore ? { store: sharedStore } : {}),
      ...options.client?.limiter,
    },
  });
  // With REDIS_URL, the limiter's store is shown as detail, not a condition: in fallback the replica still serves.
  const readiness = createReadiness(
    () => client.probe(config.portalUrl),
    sharedStore ? () => ({ limiter: client.limiter.storeStatus().detail }) : undefined,
  );
  const states = createRequestStates();

  const trustedDocuments = config.trustedDocuments
    ? loadTrustedDocuments(options.trustedDocumentsPath ?? new URL('../../schema/trusted-documents.json', import.meta.url))
    : undefined;

  const live = createGatewayLiveUpdates(config, client, logger);
  const websockets: GraphQLWebSocket[] = [];
  let liveClosed: Promise<void> | undefined;
  // live.close() ends every stream before its first wait (hub.close()), so the streams end before the WebSockets
  // close, as before; the hub is closed once.
  const closeLive = (): Promise<void> => (liveClosed ??= Promise.all([live.close(), ...websockets.map((ws) => ws.close())]).then(() => undefined));

  const plugins: Plugin<GatewayContext>[] = [
    // First: Bitrix24's form-encoded event POST is not a GraphQL request (no CSRF header, no GraphQL Accept).
    ...(config.events.mode === 'off' ? [] : [useBitrix24Events(live, config.events.path)]),
    useNotAcceptable(),
    useRequestId(states),
    useReadiness(readiness),
    useMetrics({ metrics, graphqlPath: config.graphqlPath, states }),
    useBodyLimit({ graphqlPath: config.graphqlPath, maxBodyBytes: config.limits.maxBodyBytes, states }),
    useRequestShape(),
    useOperationInfo(states),
    useTokenRedaction(),
    useRequestLog({ logger, graphqlPath: config.graphqlPath, states }),
    // Browsers send simple (non-preflighted) requests cross-site with cookies; a GraphQL GET or form POST must carry
    // a header a form cannot set. JSON POSTs, which every GraphQL client sends, are preflighted and pass.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }) as Plugin<GatewayContext>,
    ...(trustedDocuments ? [useTrustedDocuments(trustedDocuments)] : []),
    EnvelopArmorPlugin({
      maxDepth: { n: config.limits.maxDepth, ignoreIntrospection: true },
      // allowList []: armor exempts `__typename` aliases by default, and 1,600 of them passed a limit of 50.
      maxAliases: { n: config.limits.maxAliases, allowList: [] },
      maxTokens: { n: config.limits.maxTokens },
      maxDirectives: { n: config.limits.maxDirectives },
      costLimit: { maxCost: config.limits.maxCost, ignoreIntrospection: true },
      // Suggestions ("Did you mean …?") map the schema for an attacker; keep them in development only.
      blockFieldSuggestion: { enabled: config.production },
    }) as Plugin<GatewayContext>,
    ...(config.introspection ? [] : [useDisableIntrospection() as Plugin<GatewayContext>]),
    useCallerCheck(),
  ];

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: guardEntities(subgraphSchema),
    graphqlEndpoint: config.graphqlPath,
    // The body limit is use-body-limit.ts: a GraphQL POST must declare a Content-Length within MAX_BODY_BYTES, and
    // Node's HTTP parser then reads exactly that many bytes. Yoga's own limit would check the same bound again by
    // piping every body through a TransformStream on every request (docs/performance.md).
    maxRequestBodySize: false,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql ? graphiqlOptions({ defaultToken: options.graphiqlDefaultToken, demoTokens: options.graphiqlDemoTokens }) : false,
    renderGraphiQL,
    maskedErrors: { maskError: (error) => maskError(error, { production: config.production }) },
    batching: { limit: config.limits.maxBatchedOperations },
    cors:
      config.corsOrigins === '*'
        ? { origin: '*', allowedHeaders: ['authorization', 'content-type', REQUEST_ID_HEADER, PORTAL_HEADER], exposedHeaders: [REQUEST_ID_HEADER] }
        : config.corsOrigins.length > 0
          ? {
              origin: [...config.corsOrigins],
              allowedHeaders: ['authorization', 'content-type', REQUEST_ID_HEADER, PORTAL_HEADER],
              exposedHeaders: [REQUEST_ID_HEADER],
              credentials: false,
            }
          : false,
    logging: {
      // Yoga logs masked errors here. String(error) is "Name: message": no stack, and our messages carry no token.
      // It logs every request-level refusal at error level (some twice); the client's own mistakes are not our
      // errors: debug only, since the request log line already records their codes at info.
      debug: (...args) => logger.debug({ detail: args.map(String) }, 'yoga'),
      info: (...args) => logger.info({ detail: args.map(String) }, 'yoga'),
      warn: (...args) => logger.warn({ detail: args.map(String) }, 'yoga'),
      error: (...args) =>
        args.some(isClientError) ? logger.debug({ detail: args.map(String) }, 'yoga: client error') : logger.error({ detail: args.map(String) }, 'yoga'),
    },
    context: ({ request }) => {
      const choice = choosePortal(request.headers.get(PORTAL_HEADER), config.portalUrl, config.allowedPortals);
      const portal = choice.ok ? choice.portal : config.portalUrl;
      return createContext({
        config,
        client,
        portal,
        portalRefusal: choice.ok ? undefined : choice.reason,
        authorization: request.headers.get('authorization'),
        signal: request.signal,
        // What the use cases change is published at once (live updates).
        changes: live.changesFor(portal.origin),
        live: live.hub,
        audit: writeAudit,
      });
    },
    plugins,
  });

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    const refusal = checkRequestTarget(request.url, request.headers.host, request.rawHeaders);
    if (!refusal) {
      void yoga(request, response);
      return;
    }
    logger.info({ reason: refusal.reason, method: request.method }, 'malformed HTTP request refused');
    const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: ErrorCode.badRequest, reason: refusal.reason } }] });
    response.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
    response.end(body);
  };

  return {
    yoga,
    listener,
    client,
    logger,
    metrics,
    live,
    attachWebSocket(server) {
      websockets.push(
        attachGraphQLWebSocket(server, yoga, {
          path: config.graphqlPath,
          maxSubscriptionsPerConnection: config.events.maxSubscriptionsPerConnection,
          heartbeatMs: config.events.heartbeatMs,
          maxMessageBytes: config.limits.maxBodyBytes,
          trustedDocuments,
        }),
      );
    },
    beginShutdown() {
      readiness.beginShutdown();
      // Live streams end now (SSE responses complete, WebSockets get 1001): upgraded sockets are invisible to
      // server.close() and closeAllConnections(), so a shutdown would otherwise wait on them forever.
      void closeLive();
    },
    async close() {
      readiness.beginShutdown();
      await closeLive();
      await client.close();
    },
  };
}
