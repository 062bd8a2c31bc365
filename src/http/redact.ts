/**
 * The one choke point that keeps the caller's token out of response messages, whatever text they come from: a
 * Bitrix24 `error_description` relayed verbatim could echo the request, and so the token. Pure functions.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';

export const REDACTED = '[redacted]';
/**
 * Shorter "tokens" are not credentials any portal issues (Bitrix24's are dozens of characters); replacing every
 * occurrence of one or two characters would only garble messages.
 */
const MIN_TOKEN_LENGTH = 4;

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
