/**
 * Bodies of GraphQL POSTs are bounded by their declared length, before yoga reads a byte: Node's HTTP parser reads
 * exactly Content-Length bytes, so checking the declaration bounds the body. Chunked bodies have no declaration:
 * they are refused (411) rather than read as an unbounded stream. Both are BAD_REQUEST, like yoga's refusal of a
 * batch over MAX_BATCHED_OPERATIONS (413): one kind of refusal, one code.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import { ErrorCode } from '../schema/errors.js';
import type { RequestStates } from './request-state.js';

export function useBodyLimit(options: { graphqlPath: string; maxBodyBytes: number; states: RequestStates }): Plugin<GatewayContext> {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'POST' || url.pathname !== options.graphqlPath) return;
      const length = request.headers.get('content-length');
      const tooLarge = length !== null && Number(length) > options.maxBodyBytes;
      if (length !== null && !tooLarge) return;
      options.states.get(request)?.errorCodes.push(ErrorCode.badRequest);
      const body = {
        errors: [
          {
            message: tooLarge ? `The request body is larger than ${options.maxBodyBytes} bytes.` : 'Send the request body with a Content-Length header.',
            extensions: { code: ErrorCode.badRequest, reason: tooLarge ? 'BODY_TOO_LARGE' : 'LENGTH_REQUIRED' },
          },
        ],
      };
      endResponse(new Response(JSON.stringify(body), { status: tooLarge ? 413 : 411, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    },
  };
}
