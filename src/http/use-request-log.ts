/** One log line per GraphQL request: id, operation, status, duration, error codes. Never the token or the body. */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import type { Logger } from '../logger.js';
import type { RequestStates } from './request-state.js';

export function useRequestLog(options: { logger: Logger; graphqlPath: string; states: RequestStates }): Plugin<GatewayContext> {
  return {
    onResponse({ request, response }) {
      const state = options.states.get(request);
      if (!state || new URL(request.url).pathname !== options.graphqlPath) return;
      options.logger.info(
        {
          requestId: state.id,
          method: request.method,
          operationName: state.operationName,
          operationType: state.operationType,
          status: response.status,
          durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10,
          errorCodes: state.errorCodes.length > 0 ? [...new Set(state.errorCodes)] : undefined,
        },
        'graphql request',
      );
    },
  };
}
