/**
 * Yoga answers 406 with an empty body when no result format fits the request's Accept header (a browser's GET of
 * the endpoint with GraphiQL off, typically). Say what would work instead; the request log line records it.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import { ErrorCode } from '../schema/errors.js';

export function useNotAcceptable(): Plugin<GatewayContext> {
  return {
    onResponse({ response, setResponse }) {
      if (response.status !== 406 || response.headers.get('content-type')) return;
      const body = JSON.stringify({
        errors: [
          {
            message:
              'This endpoint answers GraphQL requests only, as application/graphql-response+json or application/json: send one of them in the Accept header.',
            extensions: { code: ErrorCode.badRequest, reason: 'NOT_ACCEPTABLE' },
          },
        ],
      });
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      setResponse(new Response(body, { status: 406, headers }));
    },
  };
}
