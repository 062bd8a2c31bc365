/**
 * createGateway(config): the GraphQL app, without listening (src/main.ts listens). Tests mount it on port 0.
 *
 * Request path: body-size check → /health, /ready, /metrics → yoga (CORS, CSRF prevention, trusted documents,
 * abuse limits, introspection rule) → the bearer-token and portal checks (whole operation refused before any
 * resolver) → resolvers → masked errors → request log line and metrics.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type ExecutionResult,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { Bitrix24Client, type Bitrix24ClientOptions } from './bitrix24/client.js';
import type { GatewayConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type GatewayMetrics } from './observability/metrics.js';
import { choosePortal, PORTAL_HEADER } from './portal.js';
import { createContext, type GatewayContext } from './schema/context.js';
import type { WriteAudit } from './workgroups/index.js';
import { ErrorCode, maskError } from './schema/errors.js';
import { subgraphSchema } from './schema/index.js';

export interface GatewayOptions {
  logger?: Logger;
  /** Overrides for the REST client (tests shorten timeouts and retries). */
  client?: Bitrix24ClientOptions;
  /** Shown in GraphiQL's headers tab, e.g. a demo token when serving the embedded sandbox. */
  graphiqlDefaultToken?: string;
  /** Where TRUSTED_DOCUMENTS=1 reads its manifest; default schema/trusted-documents.json. */
  trustedDocumentsPath?: string | URL;
}

export interface Gateway {
  readonly yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  readonly client: Bitrix24Client;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** /ready answers 503 from now on, so load balancers stop sending traffic while in-flight work finishes. */
  beginShutdown(): void;
  close(): Promise<void>;
}

const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming request id is echoed only if it is short and plain; otherwise a new one is made. */
const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;
/** Root fields a caller without a token may still use: introspection and federation's SDL. */
const ANONYMOUS_ROOT_FIELDS = new Set(['__schema', '__type', '__typename', '_service']);
/** How long a /ready portal probe stays valid: probes spend the portal's request budget (2/s on most plans). */
const READY_PROBE_TTL_MS = 15_000;

function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...rootFieldNames(selection.selectionSet, document, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) names.push(...rootFieldNames(fragment.selectionSet, document, seen));
    }
  }
  return names;
}

function selectedOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
}

function refusal(message: string, code: string, status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status, headers } } });
}

/**
 * Refuse the whole operation before any resolver runs:
 * - a portal header that is not on the allowlist: FORBIDDEN (403), whatever the operation;
 * - no token: UNAUTHENTICATED (401, `WWW-Authenticate: Bearer`, RFC 6750), unless the operation only reads
 *   introspection or `_service`. Without this, each field would fail on its own with HTTP 200.
 */
function requireCallerAndPortal(): Plugin<GatewayContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      if (context.portalRefusal) {
        setResultAndStopExecution({ errors: [refusal(context.portalRefusal, ErrorCode.forbidden, 403, { reason: 'PORTAL_NOT_ALLOWED' })] });
        return;
      }
      if (context.token !== null) return;
      const operation = selectedOperation(args.document, args.operationName);
      if (!operation) return;
      if (rootFieldNames(operation.selectionSet, args.document).every((name) => ANONYMOUS_ROOT_FIELDS.has(name))) return;
      setResultAndStopExecution({
        errors: [
          refusal(
            'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
            ErrorCode.unauthenticated,
            401,
            { reason: 'TOKEN_MISSING' },
            { 'WWW-Authenticate': 'Bearer realm="bitrix24-graphql"' },
          ),
        ],
      });
    },
  };
}

/** Introspection off (production default) while `_service`, which federation needs, keeps working. */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

function loadTrustedDocuments(path: string | URL): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS=1 needs the manifest that \`npm run codegen\` writes (${String(path)}): ${(error as Error).message}`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest as Record<string, string>)) {
    documents.set(hash, document);
    // Accept the bare hex digest too: APQ-style clients send extensions.persistedQuery.sha256Hash without a prefix.
    documents.set(hash.replace(/^sha256:/, ''), document);
  }
  return documents;
}

interface RequestState {
  id: string;
  startedAt: number;
  operationName?: string | undefined;
  operationType?: string | undefined;
  errorCodes: string[];
}

function collectErrorCodes(result: unknown, into: string[]): void {
  const results = Array.isArray(result) ? result : [result];
  for (const item of results as ExecutionResult[]) {
    for (const error of item?.errors ?? []) {
      const code = error.extensions?.code;
      into.push(typeof code === 'string' ? code : 'GRAPHQL_VALIDATION_FAILED');
    }
  }
}

/** Request ids, one log line per request, operation metrics, and the /health, /ready, /metrics endpoints. */
function observability(options: {
  logger: Logger;
  metrics: GatewayMetrics;
  graphqlPath: string;
  maxBodyBytes: number;
  isReady: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
}): Plugin<GatewayContext> {
  const states = new WeakMap<Request, RequestState>();
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
  return {
    async onRequest({ request, url, endResponse }) {
      const incoming = request.headers.get(REQUEST_ID_HEADER);
      const state: RequestState = {
        id: incoming && REQUEST_ID_SHAPE.test(incoming) ? incoming : randomUUID(),
        startedAt: performance.now(),
        errorCodes: [],
      };
      states.set(request, state);
      const requestIdHeader = { [REQUEST_ID_HEADER]: state.id };
      // /health (liveness) is yoga's own health check: 200 with an empty body, answered before any plugin.
      if (url.pathname === '/ready') {
        const readiness = await options.isReady();
        return endResponse(json(readiness.ready ? 200 : 503, { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks }, requestIdHeader));
      }
      if (url.pathname === '/metrics') {
        return endResponse(
          new Response(await options.metrics.registry.metrics(), { headers: { 'content-type': options.metrics.registry.contentType, ...requestIdHeader } }),
        );
      }
      if (request.method === 'POST' && url.pathname === options.graphqlPath) {
        // Node's HTTP parser reads exactly Content-Length bytes, so checking the declaration bounds the body.
        // Chunked bodies have no declaration: refuse them (411) rather than read an unbounded stream.
        const length = request.headers.get('content-length');
        const tooLarge = length !== null && Number(length) > options.maxBodyBytes;
        if (length === null || tooLarge) {
          state.errorCodes.push(ErrorCode.badUserInput);
          return endResponse(
            json(
              tooLarge ? 413 : 411,
              {
                errors: [
                  {
                    message: tooLarge
                      ? `The request body is larger than ${options.maxBodyBytes} bytes.`
                      : 'Send the request body with a Content-Length header.',
                    extensions: { code: ErrorCode.badUserInput, reason: tooLarge ? 'BODY_TOO_LARGE' : 'LENGTH_REQUIRED' },
                  },
                ],
              },
              requestIdHeader,
            ),
          );
        }
      }
      return undefined;
    },
    onParams({ params, request }) {
      const state = states.get(request);
      if (state && !Array.isArray(params)) state.operationName = params.operationName ?? undefined;
    },
    onExecute({ args }) {
      const state = args.contextValue.request ? states.get(args.contextValue.request) : undefined;
      const operation = selectedOperation(args.document, args.operationName);
      if (state && operation) {
        state.operationType = operation.operation;
        state.operationName ??= operation.name?.value;
      }
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (state) collectErrorCodes(result, state.errorCodes);
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state) return;
      response.headers.set(REQUEST_ID_HEADER, state.id);
      const url = new URL(request.url);
      if (url.pathname !== options.graphqlPath) return;
      const durationMs = performance.now() - state.startedAt;
      options.metrics.operationDuration.observe(
        { operation_type: state.operationType ?? 'unknown', operation_name: state.operationName ?? 'anonymous' },
        durationMs / 1000,
      );
      for (const code of state.errorCodes) options.metrics.operationErrors.inc({ code });
      options.logger.info(
        {
          requestId: state.id,
          method: request.method,
          operationName: state.operationName,
          operationType: state.operationType,
          status: response.status,
          durationMs: Math.round(durationMs * 10) / 10,
          errorCodes: state.errorCodes.length > 0 ? [...new Set(state.errorCodes)] : undefined,
        },
        'graphql request',
      );
    },
  };
}

export function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Every upstream write, once its batch settles: operation, portal origin, group, caller's id (never the token).
  const writeAudit: WriteAudit = { wrote: (record) => logger.info(record, 'workgroup write') };
  const metrics = createMetrics();
  const clientHooks = { ...metrics.clientHooks, ...options.client?.hooks };
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
      ...options.client?.limiter,
    },
  });

  let shuttingDown = false;
  let lastProbe: { at: number; ok: boolean; detail: string } | undefined;
  // Probes arriving together share one portal request instead of each spending the portal's budget.
  let probing: Promise<void> | undefined;
  const isReady = async (): Promise<{ ready: boolean; checks: Record<string, string> }> => {
    if (shuttingDown) return { ready: false, checks: { config: 'ok', shutdown: 'in progress' } };
    const now = Date.now();
    if (!lastProbe || now - lastProbe.at > READY_PROBE_TTL_MS) {
      probing ??= client.probe(config.portalUrl).then((outcome) => {
        lastProbe = { at: now, ok: outcome.ok, detail: outcome.detail };
        probing = undefined;
      });
      await probing;
    }
    return { ready: lastProbe!.ok, checks: { config: 'ok', portal: lastProbe!.detail } };
  };

  const trustedDocuments = config.trustedDocuments
    ? loadTrustedDocuments(options.trustedDocumentsPath ?? new URL('../schema/trusted-documents.json', import.meta.url))
    : undefined;

  const plugins: Plugin<GatewayContext>[] = [
    observability({ logger, metrics, graphqlPath: config.graphqlPath, maxBodyBytes: config.limits.maxBodyBytes, isReady }),
    // Browsers send simple (non-preflighted) requests cross-site with cookies; a GraphQL GET or form POST must carry
    // a header a form cannot set. JSON POSTs, which every GraphQL client sends, are preflighted and pass.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }) as Plugin<GatewayContext>,
    ...(trustedDocuments
      ? [
          usePersistedOperations<GatewayContext>({
            getPersistedOperation: (key) => trustedDocuments.get(key) ?? null,
            // `documentId` (GraphQL over HTTP persisted documents, what codegen's client preset sends) or the
            // Apollo APQ extension.
            extractPersistedOperationId: (params) => {
              const documentId = (params as { documentId?: unknown }).documentId;
              if (typeof documentId === 'string') return documentId;
              const hash = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
              return typeof hash === 'string' ? hash : null;
            },
            allowArbitraryOperations: false,
            skipDocumentValidation: false,
          }),
        ]
      : []),
    EnvelopArmorPlugin({
      maxDepth: { n: config.limits.maxDepth, ignoreIntrospection: true },
      maxAliases: { n: config.limits.maxAliases },
      maxTokens: { n: config.limits.maxTokens },
      maxDirectives: { n: config.limits.maxDirectives },
      costLimit: { maxCost: config.limits.maxCost, ignoreIntrospection: true },
      // Suggestions ("Did you mean …?") map the schema for an attacker; keep them in development only.
      blockFieldSuggestion: { enabled: config.production },
    }) as Plugin<GatewayContext>,
    ...(config.introspection ? [] : [disableIntrospection() as Plugin<GatewayContext>]),
    requireCallerAndPortal(),
  ];

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: subgraphSchema,
    graphqlEndpoint: config.graphqlPath,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql
      ? {
          title: 'Bitrix24 GraphQL gateway',
          headers: options.graphiqlDefaultToken ? JSON.stringify({ Authorization: `Bearer ${options.graphiqlDefaultToken}` }) : undefined,
        }
      : false,
    maskedErrors: { maskError },
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
      debug: (...args) => logger.debug({ detail: args.map(String) }, 'yoga'),
      info: (...args) => logger.info({ detail: args.map(String) }, 'yoga'),
      warn: (...args) => logger.warn({ detail: args.map(String) }, 'yoga'),
      error: (...args) => logger.error({ detail: args.map(String) }, 'yoga'),
    },
    context: ({ request }) => {
      const choice = choosePortal(request.headers.get(PORTAL_HEADER), config.portalUrl, config.allowedPortals);
      return createContext({
        config,
        client,
        portal: choice.ok ? choice.portal : config.portalUrl,
        portalRefusal: choice.ok ? undefined : choice.reason,
        authorization: request.headers.get('authorization'),
        signal: request.signal,
        audit: writeAudit,
      });
    },
    plugins,
  });

  return {
    yoga,
    client,
    logger,
    metrics,
    beginShutdown() {
      shuttingDown = true;
    },
    async close() {
      shuttingDown = true;
      await client.close();
    },
  };
}
