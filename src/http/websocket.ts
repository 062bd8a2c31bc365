/**
 * GraphQL over WebSocket (graphql-ws) on the GraphQL path, beside yoga's SSE. The token comes in the connection's
 * `connectionParams.authorization` ("Bearer <token>"), becomes the Authorization header of a synthetic request, and
 * every operation then runs through yoga's envelop (the caller check, abuse limits, masked errors) as over HTTP;
 * yoga's HTTP-only hooks (the request log line, the response's redaction pass) do not run here, and the caller's
 * token is kept out of errors by the Bitrix24 session itself (src/bitrix24/errors.ts `withoutToken`). Bounds: at most N operations per connection, ws ping/pong heartbeats (a connection that misses a pong is
 * terminated), message size capped, and a connection whose subscriber fell behind is closed with SLOW_CONSUMER.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { ConnectionInitMessage } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { PORTAL_HEADER } from '../portal.js';
import type { GatewayContext } from '../schema/context.js';
import { NOT_IN_LIST, persistedOperationId } from './use-trusted-documents.js';

/** A close code from the 4000-4999 range applications own; graphql-ws uses 4400-4500 itself. */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

export interface WebSocketOptions {
  path: string;
  maxSubscriptionsPerConnection: number;
  heartbeatMs: number;
  maxMessageBytes: number;
  /** TRUSTED_DOCUMENTS=1: the manifest (hash → document). Yoga applies it to HTTP only, so it is applied here too. */
  trustedDocuments?: ReadonlyMap<string, string> | undefined;
}


export interface GraphQLWebSocket {
  close(): Promise<void>;
}

interface EnvelopedRoot {
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

function authorizationOf(payload: ConnectionInitMessage['payload']): string | null {
  const value = payload?.authorization ?? payload?.Authorization;
  return typeof value === 'string' ? value : null;
}

export function attachGraphQLWebSocket(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>,
  options: WebSocketOptions,
): GraphQLWebSocket {
  // noServer: upgrades are routed here by hand. Given the HTTP server, ws would also re-emit its 'error' events
  // (EADDRINUSE at listen) as WebSocket server errors, which graphql-ws treats as fatal.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://gateway.invalid').pathname;
    } catch {
      pathname = '';
    }
    if (pathname !== options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);
  const disposable = useServer<ConnectionInitMessage['payload'], { closing?: boolean }>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
        // ctx.subscriptions already holds this operation's slot (graphql-ws reserves it before onSubscribe).
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(`At most ${options.maxSubscriptionsPerConnection} operations per connection; complete one first.`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        const headers = new Headers();
        const authorization = authorizationOf(ctx.connectionParams);
        if (authorization !== null) headers.set('authorization', authorization);
        const portal = ctx.extra.request.headers[PORTAL_HEADER];
        if (typeof portal === 'string') headers.set(PORTAL_HEADER, portal);
        const request = new Request(`http://gateway.invalid${options.path}`, { method: 'POST', headers });
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({ request, params });
        let query = params.query;
        if (options.trustedDocuments) {
          const id = persistedOperationId(params);
          const trusted = id === null ? undefined : options.trustedDocuments.get(id);
          if (trusted === undefined) return [new GraphQLError(NOT_IN_LIST.message, { extensions: { ...NOT_IN_LIST.extensions } })];
          query = trusted;
        }
        let document;
        try {
          document = parse(query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The query does not parse.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const root: EnvelopedRoot = { execute, subscribe };
        return {
          schema,
          document,
          operationName: params.operationName ?? null,
          variableValues: params.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: root,
        };
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        const slow = result.errors?.some((error) => error.extensions?.code === 'SLOW_CONSUMER');
        if (slow) setImmediate(() => ctx.extra.socket.close(SLOW_CONSUMER_CLOSE_CODE, 'SLOW_CONSUMER: the subscriber fell behind'));
      },
    },
    wsServer,
    options.heartbeatMs,
  );
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      // 1001 going away: clients reconnect, to another replica if this one is leaving. A client that does not
      // finish the closing handshake within a second is cut off.
      const open = [...wsServer.clients];
      for (const client of open) client.close(1001, 'server shutting down');
      await Promise.race([
        Promise.all(open.map((client) => new Promise<void>((resolve) => (client.readyState === client.CLOSED ? resolve() : client.once('close', () => resolve()))))),
        new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref()),
      ]);
      for (const client of wsServer.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
