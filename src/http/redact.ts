/**
 * The last pass over an HTTP response's errors for the caller's token, whatever text they come from. The session
 * already removes it from Bitrix24's error descriptions (an `error_description` relayed verbatim could echo the
 * request), which covers every transport; this pass also covers any other text of a response. Pure functions.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { MIN_REDACTED_TOKEN_LENGTH, REDACTED_TOKEN } from '../bitrix24/index.js';

export const REDACTED = REDACTED_TOKEN;
const MIN_TOKEN_LENGTH = MIN_REDACTED_TOKEN_LENGTH;

function redactValue(value: unknown, token: string): unknown {
  if (typeof value === 'string') return value.replaceAll(token, REDACTED);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, token));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, token)]));
  }
  return value;
}

/** The error as it would be serialised, with every occurrence of the token replaced; the same object when clean. */
export function redactError(error: GraphQLError, token: string): GraphQLError {
  if (!error.message.includes(token) && !(error.extensions && JSON.stringify(error.extensions).includes(token))) return error;
  return new GraphQLError(error.message.replaceAll(token, REDACTED), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: redactValue(error.extensions, token) as Record<string, unknown>,
  });
}

export function redactResult<T extends ExecutionResult>(result: T, token: string | null): T {
  if (token === null || token.length < MIN_TOKEN_LENGTH || !result?.errors?.length) return result;
  const errors = result.errors.map((error) => redactError(error, token));
  return errors.every((error, index) => error === result.errors![index]) ? result : { ...result, errors };
}
