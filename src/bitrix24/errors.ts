/**
 * The one error class of the Bitrix24 REST client.
 *
 * Everything that can go wrong between the gateway and a portal ends up as a `Bitrix24Error`:
 * an error envelope from Bitrix24 (`kind: 'api'`), a transport failure, an answer that is not the
 * protocol, or the local rate limiter refusing to wait any longer. The GraphQL layer maps these to
 * `extensions.code` in exactly one place (src/schema/errors.ts).
 *
 * It never carries the caller's token: messages are built from the method name, the Bitrix24
 * `error` code and `error_description`, and nothing from the request body. An `error_description` may echo the
 * request, token included, so the session removes the caller's token from every error it hands on (`withoutToken`).
 */
export type Bitrix24ErrorKind =
  /** Bitrix24 answered with its error envelope (`{ error, error_description }`). */
  | 'api'
  /** No answer within the deadline (connect, headers or body timeout). */
  | 'timeout'
  /** The connection failed or was reset. */
  | 'network'
  /** An answer arrived but it is not the Bitrix24 protocol: HTML, truncated JSON, empty body. */
  | 'protocol'
  /** The caller aborted (its GraphQL client went away). */
  | 'aborted'
  /** The local limiter could not fit the call inside the portal's budget in time. */
  | 'rate_limited';

/** Codes the client itself assigns when Bitrix24 did not send one. Stable: tests and metrics rely on them. */
export const LocalErrorCode = {
  timeout: 'ERR_UPSTREAM_TIMEOUT',
  network: 'ERR_UPSTREAM_NETWORK',
  protocol: 'ERR_UPSTREAM_PROTOCOL',
  aborted: 'ERR_ABORTED',
  rateLimited: 'ERR_RATE_LIMIT_WAIT',
} as const;

export interface Bitrix24ErrorOptions {
  kind: Bitrix24ErrorKind;
  /** The Bitrix24 `error` code (may be `""` for sonet_group business errors), or a LocalErrorCode. */
  code: string;
  /** Bitrix24's `error_description`, or a local explanation. */
  description: string;
  /** The REST method called (`batch` sub-calls carry their own method). */
  method: string;
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number | undefined;
  /** For rate limits: how long the caller should wait before trying again. */
  retryAfterMs?: number | undefined;
  /** For OPERATION_TIME_LIMIT: the unix time (seconds) when the method unblocks. */
  operatingResetAt?: number | undefined;
  cause?: unknown;
}

export class Bitrix24Error extends Error {
  override readonly name = 'Bitrix24Error';
  readonly kind: Bitrix24ErrorKind;
  readonly code: string;
  readonly description: string;
  readonly method: string;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly operatingResetAt: number | undefined;

  constructor(options: Bitrix24ErrorOptions) {
    const codeLabel = options.code === '' ? '(empty error code)' : options.code;
    super(`Bitrix24 ${options.method}: ${codeLabel}: ${options.description}`, { cause: options.cause });
    this.kind = options.kind;
    this.code = options.code;
    this.description = options.description;
    this.method = options.method;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.operatingResetAt = options.operatingResetAt;
  }

  /** A plain object for logs: no stack, no cause chain (a cause could hold request internals). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      description: this.description,
      method: this.method,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      operatingResetAt: this.operatingResetAt,
    };
  }
}

export function isBitrix24Error(value: unknown): value is Bitrix24Error {
  return value instanceof Bitrix24Error;
}

/** What a token is replaced with wherever it could appear in text: error descriptions here, responses in src/http. */
export const REDACTED_TOKEN = '[redacted]';
/**
 * Shorter "tokens" are not credentials any portal issues (Bitrix24's are dozens of characters); replacing every
 * occurrence of one or two characters would only garble messages.
 */
export const MIN_REDACTED_TOKEN_LENGTH = 4;

/** The error with every occurrence of `token` in its description (hence its message) replaced; the same error when clean. */
export function withoutToken(error: Bitrix24Error, token: string): Bitrix24Error {
  if (token.length < MIN_REDACTED_TOKEN_LENGTH || !error.description.includes(token)) return error;
  return new Bitrix24Error({
    kind: error.kind,
    code: error.code,
    description: error.description.replaceAll(token, REDACTED_TOKEN),
    method: error.method,
    httpStatus: error.httpStatus,
    retryAfterMs: error.retryAfterMs,
    operatingResetAt: error.operatingResetAt,
    cause: error.cause,
  });
}
