/**
 * createGateway(config): the GraphQL app, without listening (src/main.ts listens). Tests mount it on port 0.
 */
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { Bitrix24Client, type Bitrix24ClientOptions } from './bitrix24/client.js';
import type { GatewayConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createContext, type GatewayContext } from './schema/context.js';
import { ErrorCode, maskError } from './schema/errors.js';
import { subgraphSchema } from './schema/index.js';

export interface GatewayOptions {
  logger?: Logger;
  /** Overrides for the REST client (tests shorten timeouts and retries). */
  client?: Bitrix24ClientOptions;
  /** Shown in GraphiQL's headers tab, e.g. a demo token when serving the embedded sandbox. */
  graphiqlDefaultToken?: string;
}

export interface Gateway {
  readonly yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  readonly client: Bitrix24Client;
  readonly logger: Logger;
  close(): Promise<void>;
}

/** Root fields a caller without a token may still use: introspection and federation's SDL. */
const ANONYMOUS_ROOT_FIELDS = new Set(['__schema', '__type', '__typename', '_service']);

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

/**
 * No token: refuse the whole operation with HTTP 401 and `WWW-Authenticate: Bearer` (RFC 6750) before any resolver
 * runs, unless it only reads introspection or `_service`. Without this, each field would fail on its own with 200.
 */
function requireBearerToken(): Plugin<GatewayContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (args.contextValue.token !== null) return;
      const operation = selectedOperation(args.document, args.operationName);
      if (!operation) return;
      const fields = rootFieldNames(operation.selectionSet, args.document);
      if (fields.every((name) => ANONYMOUS_ROOT_FIELDS.has(name))) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError('Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".', {
            extensions: {
              code: ErrorCode.unauthenticated,
              reason: 'TOKEN_MISSING',
              http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="bitrix24-graphql"' } },
            },
          }),
        ],
      });
    },
  };
}

export function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const client = new Bitrix24Client({
    ...options.client,
    transport: { requestTimeoutMs: config.upstreamTimeoutMs, ...options.client?.transport },
    limiter: { rate: config.rateLimit, maxWaitMs: config.rateLimitMaxWaitMs, ...options.client?.limiter },
  });

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: subgraphSchema,
    graphqlEndpoint: config.graphqlPath,
    landingPage: false,
    graphiql: config.graphiql
      ? {
          title: 'Bitrix24 GraphQL gateway',
          headers: options.graphiqlDefaultToken ? JSON.stringify({ Authorization: `Bearer ${options.graphiqlDefaultToken}` }) : undefined,
        }
      : false,
    maskedErrors: { maskError },
    logging: {
      debug: (...args) => logger.debug({ yoga: args.map(String) }, 'yoga'),
      info: (...args) => logger.info({ yoga: args.map(String) }, 'yoga'),
      warn: (...args) => logger.warn({ yoga: args.map(String) }, 'yoga'),
      error: (...args) => logger.error({ yoga: args.map(String) }, 'yoga'),
    },
    context: ({ request }) =>
      createContext({
        config,
        client,
        portal: config.portalUrl,
        authorization: request.headers.get('authorization'),
        signal: request.signal,
      }),
    plugins: [requireBearerToken()],
  });

  return {
    yoga,
    client,
    logger,
    async close() {
      await client.close();
    },
  };
}
