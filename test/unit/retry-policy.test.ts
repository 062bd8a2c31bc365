import { describe, expect, it } from 'vitest';
import { Bitrix24Error, type Bitrix24ErrorKind, LocalErrorCode } from '../../src/bitrix24/errors.js';
import {
  DEFAULT_METHOD_BLOCK_MS,
  DEFAULT_RETRY_OPTIONS,
  MAX_METHOD_BLOCK_MS,
  type RetryDecision,
  type RetryOptions,
  decideRetry,
  methodBlockUntil,
} from '../../src/bitrix24/retry-policy.js';

const NOW = 1_778_747_000_000;
/** random() = 0.5: equal jitter gives 3/4 of the capped exponential step. */
const OPTIONS: RetryOptions = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 10_000, random: () => 0.5 };

function err(kind: Bitrix24ErrorKind, code: string, httpStatus?: number, extra: Partial<Bitrix24Error> = {}) {
  return new Bitrix24Error({
    kind,
    code,
    description: 'test',
    method: 'sonet_group.get',
    httpStatus,
    retryAfterMs: extra.retryAfterMs,
    operatingResetAt: extra.operatingResetAt,
  });
}

const qle = err('api', 'QUERY_LIMIT_EXCEEDED', 503);
const otl = err('api', 'OPERATION_TIME_LIMIT', 429, { operatingResetAt: NOW / 1000 + 120 });
const otlNoReset = err('api', 'OPERATION_TIME_LIMIT', 429);
const otlPastReset = err('api', 'OPERATION_TIME_LIMIT', 429, { operatingResetAt: NOW / 1000 - 5 });
const otlFarReset = err('api', 'OPERATION_TIME_LIMIT', 429, { operatingResetAt: NOW / 1000 + 86_400 });
const internal500 = err('api', 'INTERNAL_SERVER_ERROR', 500);
const badGateway = err('api', 'ERROR_UNEXPECTED', 502);
const timeout = err('timeout', LocalErrorCode.timeout);
const network = err('network', LocalErrorCode.network);
const protocol = err('protocol', LocalErrorCode.protocol, 200);
const notFound = err('api', 'ERROR_METHOD_NOT_FOUND', 404);
const expiredToken = err('api', 'expired_token', 401);
const insufficientScope = err('api', 'insufficient_scope', 403);
const business = err('api', '', 400);
const accessDenied = err('api', 'ACCESS_DENIED', 403);
const noStatus = err('api', 'ERROR_CORE');
const aborted = err('aborted', LocalErrorCode.aborted);
const rateLimited = err('rate_limited', LocalErrorCode.rateLimited, undefined, { retryAfterMs: 1000 });

type Row = [label: string, error: Bitrix24Error, attempt: number, isWrite: boolean, expected: Partial<RetryDecision>];

const TABLE: Row[] = [
  // QUERY_LIMIT_EXCEEDED: refused before it ran, so safe for writes; backoff cap 1000 * 2^(attempt-1).
  ['QLE read, 1st failure', qle, 1, false, { action: 'retry', delayMs: 750 }],
  ['QLE write, 1st failure', qle, 1, true, { action: 'retry', delayMs: 750 }],
  ['QLE write, 2nd failure', qle, 2, true, { action: 'retry', delayMs: 1500 }],
  ['QLE read, 3rd failure', qle, 3, false, { action: 'retry', delayMs: 3000 }],
  ['QLE read, 4th failure: attempts exhausted', qle, 4, false, { action: 'give-up' }],
  ['QLE write, 9th failure', qle, 9, true, { action: 'give-up' }],
  // OPERATION_TIME_LIMIT: block the method (until when: methodBlockUntil, below).
  ['OTL read', otl, 1, false, { action: 'block-method' }],
  ['OTL write', otl, 2, true, { action: 'block-method' }],
  ['OTL without reset: default block', otlNoReset, 1, false, { action: 'block-method' }],
  ['OTL with reset in the past', otlPastReset, 1, true, { action: 'block-method' }],
  ['OTL with reset a day away: capped', otlFarReset, 1, false, { action: 'block-method' }],
  ['OTL, attempts exhausted', otl, 4, false, { action: 'give-up' }],
  // 5xx, timeout, network, protocol: reads only (a write may have run).
  ['500 read', internal500, 1, false, { action: 'retry', delayMs: 750 }],
  ['500 write', internal500, 1, true, { action: 'give-up' }],
  ['502 read, 2nd failure', badGateway, 2, false, { action: 'retry', delayMs: 1500 }],
  ['502 read, 4th failure', badGateway, 4, false, { action: 'give-up' }],
  ['timeout read', timeout, 1, false, { action: 'retry', delayMs: 750 }],
  ['timeout write', timeout, 1, true, { action: 'give-up' }],
  ['network read', network, 3, false, { action: 'retry', delayMs: 3000 }],
  ['network write', network, 1, true, { action: 'give-up' }],
  ['protocol read', protocol, 1, false, { action: 'retry', delayMs: 750 }],
  ['protocol write', protocol, 1, true, { action: 'give-up' }],
  // Other api errors: the same request gets the same answer.
  ['404 method not found', notFound, 1, false, { action: 'give-up' }],
  ['expired_token', expiredToken, 1, false, { action: 'give-up' }],
  ['insufficient_scope', insufficientScope, 1, true, { action: 'give-up' }],
  ['business error with empty code', business, 1, true, { action: 'give-up' }],
  ['ACCESS_DENIED read', accessDenied, 1, false, { action: 'give-up' }],
  ['api error without HTTP status', noStatus, 1, false, { action: 'give-up' }],
  // Local refusals.
  ['aborted read', aborted, 1, false, { action: 'give-up' }],
  ['rate_limited read', rateLimited, 1, false, { action: 'give-up' }],
  ['rate_limited write', rateLimited, 1, true, { action: 'give-up' }],
];

describe('decideRetry', () => {
  it.each(TABLE)('%s', (_label, error, attempt, isWrite, expected) => {
    const decision = decideRetry({ error, attempt, isWrite }, OPTIONS);
    expect(decision).toMatchObject(expected);
    expect(decision.reason.length).toBeGreaterThan(0);
  });

  it('caps the exponential step at maxDelayMs and spans [cap/2, cap) with equal jitter', () => {
    const at = (random: number, attempt: number) =>
      decideRetry({ error: timeout, attempt, isWrite: false }, { ...OPTIONS, maxAttempts: 20, random: () => random });
    expect(at(0, 1)).toMatchObject({ delayMs: 500 });
    expect(at(0.999, 1)).toMatchObject({ delayMs: 1000 });
    expect(at(0, 10)).toMatchObject({ delayMs: 5000 });
    expect(at(0.5, 10)).toMatchObject({ delayMs: 7500 });
  });

  it('honours a Retry-After hint as a floor', () => {
    const hinted = err('api', 'QUERY_LIMIT_EXCEEDED', 503, { retryAfterMs: 4200 });
    expect(decideRetry({ error: hinted, attempt: 1, isWrite: true }, OPTIONS)).toMatchObject({
      action: 'retry',
      delayMs: 4200,
    });
  });

  it('defaults to 4 attempts (3 retries)', () => {
    expect(DEFAULT_RETRY_OPTIONS.maxAttempts).toBe(4);
    expect(decideRetry({ error: qle, attempt: 3, isWrite: false }).action).toBe('retry');
    expect(decideRetry({ error: qle, attempt: 4, isWrite: false }).action).toBe('give-up');
  });

  it('validates its inputs', () => {
    expect(() => decideRetry({ error: qle, attempt: 0, isWrite: false }, OPTIONS)).toThrow(
      'RetryInput.attempt must be an integer >= 1 (1 = the first failure); received 0',
    );
    expect(() => decideRetry({ error: qle, attempt: 1, isWrite: false }, { ...OPTIONS, maxAttempts: 0 })).toThrow(
      'RetryOptions.maxAttempts must be an integer >= 1',
    );
    expect(() =>
      decideRetry({ error: qle, attempt: 1, isWrite: false }, { ...OPTIONS, maxDelayMs: 10 }),
    ).toThrow('RetryOptions.maxDelayMs must be a finite number >= baseDelayMs (1000); received 10');
  });
});

describe('methodBlockUntil: the error\'s own reset, else the one the last successful answer gave, else a minute', () => {
  const s = NOW / 1000;
  const rows: [string, Bitrix24Error, number | undefined, number][] = [
    ['the 429 carries none, the last answer said +300 s', otlNoReset, s + 300, NOW + 300_000],
    ['the 429\'s own reset wins over the remembered one', otl, s + 300, NOW + 120_000],
    ['a remembered reset already past: the default minute', otlNoReset, s - 5, NOW + DEFAULT_METHOD_BLOCK_MS],
    ['nothing remembered: the default minute', otlNoReset, undefined, NOW + DEFAULT_METHOD_BLOCK_MS],
    ['the 429\'s reset past, the remembered one ahead: the remembered one', otlPastReset, s + 30, NOW + 30_000],
    ['a remembered reset a day away: capped at the 10-minute window', otlNoReset, s + 86_400, NOW + MAX_METHOD_BLOCK_MS],
    ['not a finite number: the default minute', otlNoReset, Number.NaN, NOW + DEFAULT_METHOD_BLOCK_MS],
    // The 429 alone, nothing remembered.
    ['the 429\'s own reset', otl, undefined, NOW + 120_000],
    ['the 429\'s reset in the past: the default minute', otlPastReset, undefined, NOW + DEFAULT_METHOD_BLOCK_MS],
    ['the 429\'s reset a day away: capped', otlFarReset, undefined, NOW + MAX_METHOD_BLOCK_MS],
  ];
  it.each(rows)('%s', (_label, error, known, until) => {
    expect(methodBlockUntil(error, NOW, known)).toBe(until);
  });
});
