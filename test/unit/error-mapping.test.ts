import { GraphQLError, Kind, type FieldNode } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bitrix24Error, type Bitrix24ErrorOptions, LocalErrorCode } from '../../src/bitrix24/errors.js';
import { ErrorCode, badUserInput, fromBitrix24Error, maskError, unauthenticated } from '../../src/schema/errors.js';

const NOW_S = 1_773_925_000;
const TOKEN = 'secret-token-123';

const api = (code: string, httpStatus: number | undefined, description = 'desc', extra: Partial<Bitrix24ErrorOptions> = {}): Bitrix24Error =>
  new Bitrix24Error({ kind: 'api', code, description, method: 'sonet_group.get', httpStatus, ...extra });

const local = (kind: Bitrix24ErrorOptions['kind'], code: string, extra: Partial<Bitrix24ErrorOptions> = {}): Bitrix24Error =>
  new Bitrix24Error({ kind, code, description: `local ${TOKEN}`, method: 'sonet_group.get', ...extra });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW_S * 1000);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('fromBitrix24Error', () => {
  it.each<[string, Bitrix24Error, Record<string, unknown>]>([
    ['NO_AUTH_FOUND', api('NO_AUTH_FOUND', 401), { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' }],
    ['expired_token', api('expired_token', 401), { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' }],
    ['invalid_token', api('invalid_token', 401), { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' }],
    ['authorization_error', api('authorization_error', 401), { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' }],
    ['insufficient_scope 401', api('insufficient_scope', 401), { code: 'FORBIDDEN', bitrix24Error: 'insufficient_scope' }],
    ['insufficient_scope in batch', api('insufficient_scope', undefined, ''), { code: 'FORBIDDEN', bitrix24Error: 'insufficient_scope' }],
    ['ACCESS_DENIED', api('ACCESS_DENIED', 403), { code: 'FORBIDDEN', bitrix24Error: 'ACCESS_DENIED' }],
    ['INVALID_CREDENTIALS', api('INVALID_CREDENTIALS', 403), { code: 'FORBIDDEN', bitrix24Error: 'INVALID_CREDENTIALS' }],
    ['user_access_error', api('user_access_error', 401), { code: 'FORBIDDEN', bitrix24Error: 'user_access_error' }],
    ['WRONG_AUTH_TYPE', api('WRONG_AUTH_TYPE', 403), { code: 'FORBIDDEN', bitrix24Error: 'WRONG_AUTH_TYPE' }],
    ['APPLICATION_NOT_FOUND', api('APPLICATION_NOT_FOUND', 401), { code: 'FORBIDDEN', bitrix24Error: 'APPLICATION_NOT_FOUND' }],
    ['PORTAL_DELETED', api('PORTAL_DELETED', 403), { code: 'FORBIDDEN', bitrix24Error: 'PORTAL_DELETED' }],
    ['METHOD_CONFIRM_DENIED', api('METHOD_CONFIRM_DENIED', 403), { code: 'FORBIDDEN', bitrix24Error: 'METHOD_CONFIRM_DENIED' }],
    ['QUERY_LIMIT_EXCEEDED 503', api('QUERY_LIMIT_EXCEEDED', 503), { code: 'RATE_LIMITED', retryAfter: 1 }],
    [
      'QUERY_LIMIT_EXCEEDED with retryAfterMs',
      api('QUERY_LIMIT_EXCEEDED', 503, 'x', { retryAfterMs: 2500 }),
      { code: 'RATE_LIMITED', retryAfter: 3 },
    ],
    [
      'OPERATION_TIME_LIMIT with operatingResetAt',
      api('OPERATION_TIME_LIMIT', 429, 'x', { operatingResetAt: NOW_S + 42 }),
      { code: 'RATE_LIMITED', retryAfter: 42 },
    ],
    [
      'OPERATION_TIME_LIMIT with a past reset',
      api('OPERATION_TIME_LIMIT', 429, 'x', { operatingResetAt: NOW_S - 100 }),
      { code: 'RATE_LIMITED', retryAfter: 1 },
    ],
    ['local rate limiter', local('rate_limited', LocalErrorCode.rateLimited, { retryAfterMs: 10_001 }), { code: 'RATE_LIMITED', retryAfter: 11 }],
    ['local rate limiter, tiny wait', local('rate_limited', LocalErrorCode.rateLimited, { retryAfterMs: 1 }), { code: 'RATE_LIMITED', retryAfter: 1 }],
    ['timeout', local('timeout', LocalErrorCode.timeout), { code: 'UPSTREAM_UNAVAILABLE', reason: 'TIMEOUT' }],
    ['network', local('network', LocalErrorCode.network), { code: 'UPSTREAM_UNAVAILABLE', reason: 'NETWORK' }],
    ['protocol', local('protocol', LocalErrorCode.protocol, { httpStatus: 200 }), { code: 'UPSTREAM_UNAVAILABLE', reason: 'PROTOCOL' }],
    ['aborted', local('aborted', LocalErrorCode.aborted), { code: 'UPSTREAM_UNAVAILABLE', reason: 'ABORTED' }],
    ['INTERNAL_SERVER_ERROR 500', api('INTERNAL_SERVER_ERROR', 500), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['ERROR_UNEXPECTED_ANSWER', api('ERROR_UNEXPECTED_ANSWER', 500), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['OVERLOAD_LIMIT 401', api('OVERLOAD_LIMIT', 401), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['CONNECTION_ERROR', api('CONNECTION_ERROR', 401), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['METHOD_CONFIRM_WAITING', api('METHOD_CONFIRM_WAITING', 401), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['ERROR_CORE under 500', api('ERROR_CORE', 500), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['empty code under 502', api('', 502), { code: 'UPSTREAM_UNAVAILABLE', reason: 'UPSTREAM_ERROR_STATUS' }],
    ['empty code 400 (sonet_group business error)', api('', 400, 'Group not found'), { code: 'UPSTREAM_ERROR', bitrix24Error: '' }],
    ['ERROR_ARGUMENT 400', api('ERROR_ARGUMENT', 400), { code: 'UPSTREAM_ERROR', bitrix24Error: 'ERROR_ARGUMENT' }],
    ['ERROR_CORE 400', api('ERROR_CORE', 400), { code: 'UPSTREAM_ERROR', bitrix24Error: 'ERROR_CORE' }],
    ['ERROR_METHOD_NOT_FOUND 404', api('ERROR_METHOD_NOT_FOUND', 404), { code: 'UPSTREAM_ERROR', bitrix24Error: 'ERROR_METHOD_NOT_FOUND' }],
    ['batch item error (no status)', api('ERROR_BATCH_ITEM', undefined), { code: 'UPSTREAM_ERROR', bitrix24Error: 'ERROR_BATCH_ITEM' }],
    // An auth-looking code from a non-api source is not an auth failure.
    ['timeout with an auth code', local('timeout', 'expired_token'), { code: 'UPSTREAM_UNAVAILABLE', reason: 'TIMEOUT' }],
  ])('%s', (_name, error, extensions) => {
    const mapped = fromBitrix24Error(error);
    expect(mapped).toBeInstanceOf(GraphQLError);
    expect(mapped.extensions).toEqual(extensions);
    expect(mapped.message).not.toContain(TOKEN);
    expect(mapped.originalError).toBeUndefined();
  });

  it('shows Bitrix24\'s own description for a method-level refusal', () => {
    expect(fromBitrix24Error(api('', 400, 'Group not found')).message).toBe('Bitrix24 refused sonet_group.get: Group not found');
    expect(fromBitrix24Error(api('ERROR_CORE', 400, '')).message).toBe('Bitrix24 refused sonet_group.get: no description');
  });

  it('rebuilds the message of every other class instead of passing the error message through', () => {
    for (const error of [api('expired_token', 401, TOKEN), api('ACCESS_DENIED', 403, TOKEN), api('QUERY_LIMIT_EXCEEDED', 503, TOKEN), api('ERROR_CORE', 500, TOKEN)]) {
      const mapped = fromBitrix24Error(error);
      expect(mapped.message).not.toContain(TOKEN);
      expect(JSON.stringify(mapped)).not.toContain(TOKEN);
    }
  });
});

describe('error constructors', () => {
  it('unauthenticated carries the reason', () => {
    expect(unauthenticated('TOKEN_EXPIRED').extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  it('badUserInput carries the argument', () => {
    const error = badUserInput('bad first', 'first');
    expect(error.message).toBe('bad first');
    expect(error.extensions).toEqual({ code: ErrorCode.badUserInput, argument: 'first' });
  });
});

describe('maskError', () => {
  const fieldNode: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'groups' } };

  it('masks a plain Error', () => {
    const error = new Error(`connect to https://portal?auth=${TOKEN} failed`);
    const result = maskError(error);
    expect(result).toBeInstanceOf(GraphQLError);
    expect(result.message).toBe('Unexpected error.');
    expect((result as GraphQLError).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    const json = JSON.stringify(result);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain('stack');
    expect(json).not.toContain('at ');
  });

  it.each([['a string'], [null], [undefined], [{ message: TOKEN }]])('masks a non-Error %j', (value) => {
    const result = maskError(value);
    expect(result.message).toBe('Unexpected error.');
    expect((result as GraphQLError).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('masks a GraphQLError wrapping a plain Error, keeping the path', () => {
    const inner = new TypeError(`Cannot read properties of undefined (token ${TOKEN})`);
    const wrapped = new GraphQLError(inner.message, { nodes: [fieldNode], path: ['groups', 0, 'owner'], originalError: inner });
    const result = maskError(wrapped) as GraphQLError;
    expect(result.message).toBe('Unexpected error.');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(result.path).toEqual(['groups', 0, 'owner']);
    expect(result.nodes).toEqual([fieldNode]);
    expect(result.originalError).toBeUndefined();
    const json = JSON.stringify(result);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain('TypeError');
    expect(json).not.toContain('stack');
  });

  it('maps a bare Bitrix24Error', () => {
    const result = maskError(api('expired_token', 401, `bad ${TOKEN}`)) as GraphQLError;
    expect(result.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('maps a GraphQLError wrapping a Bitrix24Error, keeping path and nodes', () => {
    const inner = local('timeout', LocalErrorCode.timeout, { cause: new Error(TOKEN) });
    const wrapped = new GraphQLError(inner.message, { nodes: [fieldNode], path: ['groups'], originalError: inner });
    const result = maskError(wrapped) as GraphQLError;
    expect(result.message).toBe('The Bitrix24 portal is unavailable or answered something unexpected; retry later.');
    expect(result.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason: 'TIMEOUT' });
    expect(result.path).toEqual(['groups']);
    expect(result.nodes).toEqual([fieldNode]);
    expect(result.originalError).toBeUndefined();
    const json = JSON.stringify(result);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain('stack');
    expect(json).not.toContain('Bitrix24Error');
  });

  it('passes through a GraphQLError with its own code', () => {
    const own = badUserInput('first must be at most 200', 'first');
    expect(maskError(own)).toBe(own);
  });

  it('rebuilds a GraphQLError with a code that arrives wrapped, keeping the path', () => {
    const own = unauthenticated('TOKEN_MISSING');
    const wrapped = new GraphQLError(own.message, { nodes: [fieldNode], path: ['viewer'], originalError: own });
    const result = maskError(wrapped) as GraphQLError;
    expect(result.message).toBe(own.message);
    expect(result.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
    expect(result.path).toEqual(['viewer']);
    expect(result.originalError).toBeUndefined();
  });

  it('keeps a validation-style GraphQLError with no originalError, adding GRAPHQL_VALIDATION_FAILED and the spec status', () => {
    const validation = new GraphQLError('Cannot query field "foo" on type "Query".', { nodes: [fieldNode] });
    const result = maskError(validation) as GraphQLError;
    expect(result.message).toBe('Cannot query field "foo" on type "Query".');
    expect(result.nodes).toEqual([fieldNode]);
    expect(result.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, spec: true } });
  });

  it.each([
    [403, 'FORBIDDEN'],
    [400, 'BAD_REQUEST'],
    [405, 'BAD_REQUEST'],
  ])('codes a yoga HTTP refusal with status %i as %s', (status, code) => {
    const refusal = new GraphQLError('Required CSRF header(s) not present', { extensions: { http: { status } } });
    expect((maskError(refusal) as GraphQLError).extensions).toEqual({ http: { status }, code });
  });

  it('masks a GraphQLError whose originalError is a GraphQLError without a code', () => {
    const inner = new GraphQLError(`internal detail ${TOKEN}`);
    const wrapped = new GraphQLError(inner.message, { path: ['x'], originalError: inner });
    const result = maskError(wrapped) as GraphQLError;
    expect(result.message).toBe('Unexpected error.');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
