/** Every response's error messages pass through src/http/redact.ts with the caller's own token (see there why). */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bearerToken, type GatewayContext } from '../schema/context.js';
import { redactResult } from './redact.js';

export function useTokenRedaction(): Plugin<GatewayContext> {
  return {
    onResultProcess({ request, result, setResult }) {
      const token = bearerToken(request.headers.get('authorization'));
      if (token === null) return;
      if (Array.isArray(result)) setResult(result.map((item: ExecutionResult) => redactResult(item, token)));
      else if (!(Symbol.asyncIterator in (result as object))) setResult(redactResult(result as ExecutionResult, token));
    },
  };
}
