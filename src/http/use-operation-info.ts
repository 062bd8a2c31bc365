/** Records which operation a request ran, and the error codes it answered, for the request log and the metrics. */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import { selectedOperation } from './operation.js';
import { collectErrorCodes, type RequestStates } from './request-state.js';

export function useOperationInfo(states: RequestStates): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const state = args.contextValue.request ? states.get(args.contextValue.request) : undefined;
      const operation = selectedOperation(args.document, args.operationName);
      if (state && operation) {
        state.operationType = operation.operation;
        // From the executed document only: a client's `operationName` parameter naming no operation of the document
        // must not reach the log or a metrics label.
        state.operationName = operation.name?.value;
      }
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (state) collectErrorCodes(result, state.errorCodes);
    },
  };
}
