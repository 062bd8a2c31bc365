/**
 * Request-level input yoga does not refuse cleanly on its own: a GET whose `variables` or `extensions` parameter is
 * not JSON (yoga's JSON.parse throws a bare SyntaxError, which would be masked as our failure), and a batch with an
 * element that is not an operation object (`[null]`, `[1]`). Both are malformed requests: BAD_REQUEST, HTTP 400.
 * Synchronous when yoga's parser is (GET); otherwise it chains onto the parser's own promise.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import { ErrorCode } from '../schema/errors.js';

function badRequest(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.badRequest, reason, http: { status: 400 } } });
}

function refuseParseFailure(error: unknown): never {
  if (error instanceof SyntaxError) {
    throw badRequest('The variables and extensions parameters must be JSON objects.', 'MALFORMED_PARAMETERS');
  }
  throw error;
}

function checkShape<T>(parsed: T): T {
  if (Array.isArray(parsed)) {
    for (const item of parsed as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw badRequest('Each element of a batched request must be an operation object ({"query": …}).', 'MALFORMED_BATCH');
      }
    }
  }
  return parsed;
}

export function useRequestShape(): Plugin<GatewayContext> {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser((request) => {
        let parsed: ReturnType<typeof requestParser>;
        try {
          parsed = requestParser(request);
        } catch (error) {
          refuseParseFailure(error);
        }
        if (parsed instanceof Promise) return parsed.then(checkShape, refuseParseFailure);
        return checkShape(parsed);
      });
    },
  };
}
