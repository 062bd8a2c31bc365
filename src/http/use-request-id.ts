/**
 * Every response carries `x-request-id`: the caller's own id when it is short and plain, otherwise a new UUID. The
 * same id is in the request's log line. Synchronous: it runs on every request.
 */
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import type { RequestStates } from './request-state.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming request id is echoed only if it is short and plain; otherwise a new one is made. */
const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(request: Request): string {
  const incoming = request.headers.get(REQUEST_ID_HEADER);
  return incoming && REQUEST_ID_SHAPE.test(incoming) ? incoming : randomUUID();
}

export function useRequestId(states: RequestStates): Plugin<GatewayContext> {
  return {
    onRequest({ request }) {
      states.set(request, { id: requestId(request), startedAt: performance.now(), errorCodes: [] });
    },
    onResponse({ request, response }) {
      // Responses that yoga answers before any of our hooks run (its /health check) get an id here.
      response.headers.set(REQUEST_ID_HEADER, states.get(request)?.id ?? requestId(request));
    },
  };
}
