/**
 * The only place where Bitrix24 errors become GraphQL errors (docs/design.md §4). Yoga calls `maskError` for
 * every error of every result: what is not a deliberate GraphQLError or a Bitrix24Error is masked, and nothing
 * here ever copies a stack, a cause or request data into the response.
 */
import { GraphQLError, Kind } from 'graphql';
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

/** Options of `maskError` that depend on the deployment. */
export interface MaskOptions {
  /** Production: no "Did you mean …?" hints of any kind (fields, arguments, types, enum values). */
  production?: boolean;
}

/** graphql-js and armor append hints that map the schema for an attacker: " Did you mean "x" or "y"?". */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** `extensions` a client may see on a request-level error: yoga's `originalError` echoes the request body, so never. */
function clientExtensions(extensions: Readonly<Record<string, unknown>> | undefined, code: string): Record<string, unknown> {
  const { originalError: _originalError, ...rest } = extensions ?? {};
  return { ...rest, code };
}

/** The status the GraphQL-over-HTTP spec gives a request error: 400 under application/graphql-response+json, 200 under application/json. */
const SPEC_400 = { status: 400, spec: true } as const;

/**
 * A request error located in the document (parse, validation, variable coercion) rather than in a resolver: graphql-js
 * reports those with `nodes` and no `path`. Variable coercion errors point at the variable definition.
 */
function documentErrorCode(error: GraphQLError): string | undefined {
  if (error.path !== undefined) return undefined;
  if (error.nodes?.some((node) => node.kind === Kind.VARIABLE_DEFINITION)) return ErrorCode.badUserInput;
  if (error.nodes?.length || error.positions?.length) return ErrorCode.validationFailed;
  return undefined;
}

/** Yoga's maskError hook: every error of every response passes through here. */
export function maskError(error: unknown, options: MaskOptions = {}): Error {
  const masked = classify(error);
  if (!options.production || !masked.message.includes('Did you mean')) return masked;
  const graphqlError = masked as GraphQLError;
  return new GraphQLError(masked.message.replace(SUGGESTION, ''), {
    nodes: graphqlError.nodes,
    source: graphqlError.source,
    positions: graphqlError.positions,
    path: graphqlError.path,
    extensions: graphqlError.extensions,
  });
}

function classify(error: unknown): Error {
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
    if (original === graphqlError) {
      // yoga's "POST body sent invalid JSON." carries the parser's message, which quotes the request body: dropped.
      // yoga chose its 400 under application/json from that very field, so the status is made explicit instead.
      const extensions = graphqlError.extensions as Record<string, unknown> | undefined;
      if (extensions && 'originalError' in extensions) {
        delete extensions.originalError;
        extensions.http = { ...(extensions.http as object), spec: false };
      }
      return graphqlError;
    }
    return new GraphQLError(original.message, { nodes: graphqlError?.nodes, path: graphqlError?.path, extensions: original.extensions });
  }
  // Variable coercion errors ("Variable "$g" got invalid value …") wrap the scalar's own error, which has no code;
  // literal values that a custom scalar refuses arrive the same way from validation. Both are the client's input.
  const documentCode = graphqlError ? documentErrorCode(graphqlError) : undefined;
  if (graphqlError && documentCode && (documentCode === ErrorCode.badUserInput || graphqlError.originalError)) {
    return new GraphQLError(graphqlError.message, {
      nodes: graphqlError.nodes,
      source: graphqlError.source,
      positions: graphqlError.positions,
      extensions: { code: documentCode, http: SPEC_400 },
    });
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
      // Documents refused while parsing (armor's token and alias limits) carry no status: give them the spec's.
      extensions: { ...clientExtensions(graphqlError.extensions, code), ...(http ? {} : { http: SPEC_400 }) },
    });
  }
  return new GraphQLError('Unexpected error.', {
    nodes: graphqlError?.nodes,
    path: graphqlError?.path,
    extensions: { code: ErrorCode.internal },
  });
}

/** Codes that say the client caused the error: logged below error level, never INTERNAL_SERVER_ERROR. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  ErrorCode.unauthenticated,
  ErrorCode.forbidden,
  ErrorCode.badUserInput,
  ErrorCode.validationFailed,
  ErrorCode.badRequest,
  'GRAPHQL_PARSE_FAILED',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'PERSISTED_QUERY_ID_REQUIRED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Is this error (as yoga hands it to its logger) the client's own mistake? */
export function isClientError(error: unknown): boolean {
  const masked = maskError(error);
  const code = (masked as GraphQLError).extensions?.code;
  return typeof code === 'string' && CLIENT_ERROR_CODES.has(code);
}
