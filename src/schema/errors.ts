/**
 * The only place where Bitrix24 errors become GraphQL errors (DESIGN.md section 4). Yoga calls `maskError` for
 * every error of every result: what is not a deliberate GraphQLError or a Bitrix24Error is masked, and nothing
 * here ever copies a stack, a cause or request data into the response.
 */
import { GraphQLError } from 'graphql';
import { Bitrix24Error } from '../bitrix24/index.js';

export const ErrorCode = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  badUserInput: 'BAD_USER_INPUT',
  rateLimited: 'RATE_LIMITED',
  upstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  upstreamError: 'UPSTREAM_ERROR',
  internal: 'INTERNAL_SERVER_ERROR',
  /** The document does not parse, does not validate, or exceeds an abuse limit (depth, aliases, tokens, cost). */
  validationFailed: 'GRAPHQL_VALIDATION_FAILED',
  /** The HTTP request itself is not acceptable (missing CSRF header is FORBIDDEN; bad body, wrong method). */
  badRequest: 'BAD_REQUEST',
} as const;

/** Why authentication failed, so a client knows whether refreshing its token can help. */
export type UnauthenticatedReason = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

const UNAUTHENTICATED_MESSAGES: Record<UnauthenticatedReason, string> = {
  TOKEN_MISSING: 'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
  TOKEN_EXPIRED: 'The Bitrix24 access token has expired; refresh it and retry.',
  TOKEN_INVALID: 'Bitrix24 does not accept this access token.',
};

export function unauthenticated(reason: UnauthenticatedReason): GraphQLError {
  return new GraphQLError(UNAUTHENTICATED_MESSAGES[reason], {
    extensions: { code: ErrorCode.unauthenticated, reason },
  });
}

export function badUserInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.badUserInput, argument } });
}

const AUTH_CODES: Record<string, UnauthenticatedReason> = {
  NO_AUTH_FOUND: 'TOKEN_MISSING',
  expired_token: 'TOKEN_EXPIRED',
  invalid_token: 'TOKEN_INVALID',
  authorization_error: 'TOKEN_INVALID',
};

const FORBIDDEN_CODES = new Set([
  'insufficient_scope',
  'ACCESS_DENIED',
  'INVALID_CREDENTIALS',
  'user_access_error',
  'WRONG_AUTH_TYPE',
  'APPLICATION_NOT_FOUND',
  'PORTAL_DELETED',
  'METHOD_CONFIRM_DENIED',
]);

const RATE_LIMIT_CODES = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT']);

const UNAVAILABLE_CODES = new Set([
  'INTERNAL_SERVER_ERROR',
  'ERROR_UNEXPECTED_ANSWER',
  'OVERLOAD_LIMIT',
  'CONNECTION_ERROR',
  'WRONG_ENCODING',
  'METHOD_CONFIRM_WAITING',
]);

function retryAfterSeconds(error: Bitrix24Error): number {
  if (error.retryAfterMs !== undefined) return Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  if (error.operatingResetAt !== undefined) return Math.max(1, Math.ceil(error.operatingResetAt - Date.now() / 1000));
  return 1;
}

/** Bitrix24Error → the GraphQL error a client sees. Pure; the error's message is rebuilt, never passed through. */
export function fromBitrix24Error(error: Bitrix24Error): GraphQLError {
  const reason = AUTH_CODES[error.code];
  if (error.kind === 'api' && reason) return unauthenticated(reason);
  if (error.kind === 'api' && FORBIDDEN_CODES.has(error.code)) {
    return new GraphQLError('The Bitrix24 token is not allowed to do this (missing scope or access rights).', {
      extensions: { code: ErrorCode.forbidden, bitrix24Error: error.code },
    });
  }
  if (error.kind === 'rate_limited' || (error.kind === 'api' && RATE_LIMIT_CODES.has(error.code))) {
    return new GraphQLError('Bitrix24 request limits were reached; retry later.', {
      extensions: { code: ErrorCode.rateLimited, retryAfter: retryAfterSeconds(error) },
    });
  }
  if (
    error.kind !== 'api' ||
    UNAVAILABLE_CODES.has(error.code) ||
    (error.httpStatus !== undefined && error.httpStatus >= 500)
  ) {
    return new GraphQLError('The Bitrix24 portal is unavailable or answered something unexpected; retry later.', {
      extensions: { code: ErrorCode.upstreamUnavailable, reason: error.kind === 'api' ? 'UPSTREAM_ERROR_STATUS' : error.kind.toUpperCase() },
    });
  }
  // A method-level refusal Bitrix24 explained: its own words are safe to show (they never contain the token).
  return new GraphQLError(`Bitrix24 refused ${error.method}: ${error.description || 'no description'}`, {
    extensions: { code: ErrorCode.upstreamError, bitrix24Error: error.code },
  });
}

/** Yoga's maskError hook: every error of every response passes through here. */
export function maskError(error: unknown): Error {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original = graphqlError?.originalError ?? error;
  if (original instanceof Bitrix24Error) {
    const mapped = fromBitrix24Error(original);
    return new GraphQLError(mapped.message, {
      nodes: graphqlError?.nodes,
      path: graphqlError?.path,
      extensions: mapped.extensions,
    });
  }
  if (original instanceof GraphQLError && typeof original.extensions?.code === 'string') {
    if (original === graphqlError) return graphqlError;
    return new GraphQLError(original.message, { nodes: graphqlError?.nodes, path: graphqlError?.path, extensions: original.extensions });
  }
  // Parse and validation errors (abuse limits included), and yoga's own HTTP-level refusals, are GraphQLErrors
  // with no originalError: they describe the client's request. Give them a stable code too.
  if (graphqlError && !graphqlError.originalError) {
    const http = graphqlError.extensions?.http as { status?: number } | undefined;
    const code = http?.status === 403 ? ErrorCode.forbidden : http?.status ? ErrorCode.badRequest : ErrorCode.validationFailed;
    return new GraphQLError(graphqlError.message, {
      nodes: graphqlError.nodes,
      source: graphqlError.source,
      positions: graphqlError.positions,
      path: graphqlError.path,
      extensions: { ...graphqlError.extensions, code },
    });
  }
  return new GraphQLError('Unexpected error.', {
    nodes: graphqlError?.nodes,
    path: graphqlError?.path,
    extensions: { code: ErrorCode.internal },
  });
}
