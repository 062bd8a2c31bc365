/**
 * When to retry a failed Bitrix24 HTTP request: one pure function (design §6 in docs/design.md; protocol §3.5 in
 * docs/bitrix24-protocol.md).
 *
 * | failure                                           | read                | write               |
 * |---------------------------------------------------|---------------------|---------------------|
 * | api QUERY_LIMIT_EXCEEDED (503)                    | retry, backoff      | retry, backoff      |  refused before it ran
 * | api OPERATION_TIME_LIMIT (429)                    | block-method        | block-method        |  refused before it ran
 * | api, HTTP status >= 500 (other codes)             | retry, backoff      | give up             |  a write may have run
 * | timeout, network, protocol                        | retry, backoff      | give up             |  a write may have run
 * | api otherwise (4xx, business, auth errors)        | give up             | give up             |  same answer again
 * | aborted, rate_limited (local)                     | give up             | give up             |
 *
 * Attempts: `attempt` counts failures so far (1 = the first request failed). The default `maxAttempts` of 4
 * means at most 4 requests: the first and 3 retries; at `attempt >= maxAttempts` every decision is give-up,
 * OPERATION_TIME_LIMIT included (so a caller that loops on block-method still ends).
 *
 * Backoff: exponential with "equal jitter": cap = min(maxDelayMs, baseDelayMs * 2^(attempt-1)), delay =
 * cap/2 + random() * cap/2. Equal rather than full jitter because a retry after QUERY_LIMIT_EXCEEDED needs a
 * minimum pause (the bucket drains one slot per 1000/perSecond ms): full jitter could retry at once into a full
 * bucket. An `error.retryAfterMs` (Retry-After) is honoured as a floor.
 */
import type { Bitrix24Error } from './errors.js';

export interface RetryInput {
  error: Bitrix24Error;
  /** Failures so far: 1 for the first failure. */
  attempt: number;
  /** The call changes data upstream (e.g. sonet_group.user.request). */
  isWrite: boolean;
}

export interface RetryOptions {
  /** Total requests allowed, the first included (4 = 3 retries). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** [0, 1); injectable for tests. */
  random: () => number;
}

export type RetryDecision =
  | { action: 'retry'; delayMs: number; reason: string }
  /** Until when: methodBlockUntil, per method, with the reset its last successful answer gave. */
  | { action: 'block-method'; reason: string }
  | { action: 'give-up'; reason: string };

export const DEFAULT_RETRY_OPTIONS: RetryOptions = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  random: Math.random,
});

/** OPERATION_TIME_LIMIT without a usable `operating_reset_at`: block the method this long. */
export const DEFAULT_METHOD_BLOCK_MS = 60_000;
/** Never block longer than the 10-minute operating window, whatever `operating_reset_at` says. */
export const MAX_METHOD_BLOCK_MS = 600_000;

export const QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED';
export const OPERATION_TIME_LIMIT = 'OPERATION_TIME_LIMIT';

/**
 * Until when to block a method after OPERATION_TIME_LIMIT: the error's own `operatingResetAt` (unix seconds) when it
 * lies ahead, else the reset time the portal gave in its last successful answer to that method (`knownResetAt`), else
 * now + DEFAULT_METHOD_BLOCK_MS (none known, or in the past because of clock skew); capped at now +
 * MAX_METHOD_BLOCK_MS. Bitrix24 sends the reset time in `time` on success only, never on the 429 itself
 * (docs/bitrix24-protocol.md), so only the caller, who remembers those answers, knows `knownResetAt`.
 */
export function methodBlockUntil(error: Bitrix24Error, nowMs: number, knownResetAt?: number): number {
  const usable = (resetAt: number | undefined): number | undefined =>
    typeof resetAt === 'number' && Number.isFinite(resetAt) && resetAt * 1000 > nowMs ? resetAt * 1000 : undefined;
  const until = usable(error.operatingResetAt) ?? usable(knownResetAt) ?? nowMs + DEFAULT_METHOD_BLOCK_MS;
  return Math.min(until, nowMs + MAX_METHOD_BLOCK_MS);
}

function validateOptions(options: RetryOptions): void {
  const { maxAttempts, baseDelayMs, maxDelayMs, random } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`RetryOptions.maxAttempts must be an integer >= 1 (1 = never retry); received ${String(maxAttempts)}`);
  }
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) {
    throw new Error(`RetryOptions.baseDelayMs must be a finite number >= 0; received ${String(baseDelayMs)}`);
  }
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < baseDelayMs) {
    throw new Error(
      `RetryOptions.maxDelayMs must be a finite number >= baseDelayMs (${String(baseDelayMs)}); received ${String(maxDelayMs)}`,
    );
  }
  if (typeof random !== 'function') {
    throw new Error(`RetryOptions.random must be a function returning [0, 1); received ${typeof random}`);
  }
}

function backoffMs(attempt: number, options: RetryOptions, floorMs: number | undefined): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const r = Math.min(Math.max(options.random(), 0), 1);
  const delay = Math.round(cap / 2 + (r * cap) / 2);
  return floorMs !== undefined && Number.isFinite(floorMs) && floorMs > delay ? Math.ceil(floorMs) : delay;
}

export function decideRetry(input: RetryInput, options: RetryOptions = DEFAULT_RETRY_OPTIONS): RetryDecision {
  validateOptions(options);
  const { error, attempt, isWrite } = input;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new Error(`RetryInput.attempt must be an integer >= 1 (1 = the first failure); received ${String(attempt)}`);
  }
  const last = attempt >= options.maxAttempts;
  const exhaustedReason = `${error.code} after ${attempt} of ${options.maxAttempts} attempts`;

  switch (error.kind) {
    case 'aborted':
      return { action: 'give-up', reason: 'the caller aborted' };
    case 'rate_limited':
      return { action: 'give-up', reason: 'the local limiter refused the call; retrying would only queue again' };
    case 'api': {
      if (error.code === OPERATION_TIME_LIMIT) {
        if (last) return { action: 'give-up', reason: exhaustedReason };
        return {
          action: 'block-method',
          reason: `${OPERATION_TIME_LIMIT}: ${error.method} is over its operating-time budget`,
        };
      }
      if (error.code === QUERY_LIMIT_EXCEEDED) {
        if (last) return { action: 'give-up', reason: exhaustedReason };
        return {
          action: 'retry',
          delayMs: backoffMs(attempt, options, error.retryAfterMs),
          reason: `${QUERY_LIMIT_EXCEEDED}: refused before it ran, safe to retry`,
        };
      }
      if (error.httpStatus !== undefined && error.httpStatus >= 500) {
        return transient(`HTTP ${error.httpStatus} ${error.code}`);
      }
      return { action: 'give-up', reason: `${error.code || '(empty error code)'} is not transient` };
    }
    case 'timeout':
    case 'network':
    case 'protocol':
      return transient(error.kind);
  }

  function transient(what: string): RetryDecision {
    if (isWrite) return { action: 'give-up', reason: `${what} on a write: it may have run upstream` };
    if (last) return { action: 'give-up', reason: exhaustedReason };
    return { action: 'retry', delayMs: backoffMs(attempt, options, undefined), reason: `${what} on a read` };
  }
}
