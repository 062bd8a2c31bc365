/**
 * The urql client for one signed-in user: the document cache (a mutation's result invalidates every cached query
 * that returned one of its types, so lists refetch after "Join" or "Leave"), fetch for queries and mutations, and
 * GraphQL over SSE for subscriptions. Every request carries `Authorization: Bearer <token>`; nothing is shared
 * between two clients, so signing in as someone else starts from an empty cache. Built with VITE_TRUSTED_DOCUMENTS=1,
 * the app sends every operation by its hash (persisted.ts), for a gateway that runs with TRUSTED_DOCUMENTS=1.
 */
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createSseClient } from 'graphql-sse';
import { documentIdExchange } from './persisted.js';

/**
 * The context every membership mutation passes: its answer may name no Group (a refusal, a request's answer), so this
 * tells the document cache that every query showing groups is stale. A refusal usually means the screen was stale
 * (the request was already withdrawn in another tab), and the refetch shows how things really stand.
 */
export const REFRESH_GROUPS = { additionalTypenames: ['Group'] };

/** Where the gateway is: VITE_GRAPHQL_URL at build time, else /graphql on the app's own origin. */
export function graphqlUrl(): string {
  return new URL(import.meta.env.VITE_GRAPHQL_URL ?? '/graphql', window.location.href).toString();
}

/**
 * Whether to send operations by hash: VITE_TRUSTED_DOCUMENTS=1 at build time. A build-time switch, not a default,
 * because a gateway without TRUSTED_DOCUMENTS runs no persisted-documents plugin and answers a `documentId` with
 * 400 'Unexpected parameter "documentId" in the request body.' (test/integration/web-trusted-documents.test.ts).
 */
export function sendsDocumentIds(): boolean {
  return import.meta.env.VITE_TRUSTED_DOCUMENTS === '1';
}

export function createGatewayClient(token: string): Client {
  const url = graphqlUrl();
  const authorization = `Bearer ${token}`;
  // SSE rather than WebSocket: the token travels in the same Authorization header as every query (no connection
  // params), it is plain HTTP through any proxy, and the gateway serves it without a second protocol.
  // graphql-sse's default is the "distinct connections" mode: one request per subscription, which yoga serves.
  const sse = createSseClient({ url, headers: () => ({ authorization }) });
  return new Client({
    url,
    requestPolicy: 'cache-and-network',
    // POST with a JSON body: urql would send queries as GET, which the gateway's CSRF prevention refuses without an
    // extra header, and which would put the query text in every access log on the way.
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization } }),
    exchanges: [
      cacheExchange,
      ...(sendsDocumentIds() ? [documentIdExchange] : []),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          // By hash, `request` carries documentId and no query; graphql-sse's type wants a query string, and an empty
          // one is "no query" to the gateway's trusted-documents plugin, which then runs the documentId.
          subscribe: (sink) => ({ unsubscribe: sse.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
