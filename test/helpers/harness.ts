/**
 * Integration harness: the sandbox portal on port 0 and the gateway on port 0, talking HTTP over loopback, and a
 * GraphQL client made of undici. Nothing of the gateway is mocked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { request } from 'undici';
import { loadConfig, type GatewayConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/http/gateway.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { data?: T | null; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }> };
}

export interface Harness {
  sandbox: Sandbox;
  gateway: Gateway;
  url: string;
  config: GatewayConfig;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Runs a typed document generated from schema/operations/ (codegen's client preset). */
  execute<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables?: Variables, token?: string | null): Promise<GraphQLResponse<Result>>;
  /** Upstream HTTP requests the sandbox received since the last reset. */
  upstreamRequests(): ReturnType<Sandbox['requestLog']>;
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(options: {
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  gateway?: GatewayOptions;
} = {}): Promise<Harness> {
  const sandbox = createSandbox(options.sandbox);
  const sandboxUrl = await sandbox.listen(0, '127.0.0.1');
  const config = loadConfig({ LOG_LEVEL: 'silent', BITRIX24_RATE_LIMIT: 'off', ...options.env, BITRIX24_PORTAL_URL: sandboxUrl });
  const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }), ...options.gateway });
  const server: Server = createServer(gateway.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${config.graphqlPath}`;

  const harness: Harness = {
    sandbox,
    gateway,
    url,
    config,
    async gql<T>(query: string, variables?: Record<string, unknown>, token: string | null = 'demo-user', headers: Record<string, string> = {}) {
      const response = await request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body: JSON.parse(text) } as GraphQLResponse<T>;
    },
    execute(document, variables, token) {
      return harness.gql(print(document), variables as Record<string, unknown> | undefined, token);
    },
    upstreamRequests: () => sandbox.requestLog(),
    reset: () => sandbox.reset(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await sandbox.close();
    },
  };
  return harness;
}
