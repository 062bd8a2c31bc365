/**
 * What the per-concern plugins learn about one HTTP request and share: its id, when it started, which operation it
 * ran and the error codes it answered. Keyed by the Request object, so it goes away with the request.
 */
import type { ExecutionResult } from 'graphql';

export interface RequestState {
  id: string;
  startedAt: number;
  operationName?: string | undefined;
  operationType?: string | undefined;
  errorCodes: string[];
}

export type RequestStates = WeakMap<Request, RequestState>;

export function createRequestStates(): RequestStates {
  return new WeakMap<Request, RequestState>();
}

/** Every `extensions.code` of a result (or of each result of a batch); an error without one counts as a validation error. */
export function collectErrorCodes(result: unknown, into: string[]): void {
  const results = Array.isArray(result) ? result : [result];
  for (const item of results as ExecutionResult[]) {
    for (const error of item?.errors ?? []) {
      const code = error.extensions?.code;
      into.push(typeof code === 'string' ? code : 'GRAPHQL_VALIDATION_FAILED');
    }
  }
}
