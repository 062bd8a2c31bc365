import { describe, expect, it } from 'vitest';
import { Bitrix24Error, LocalErrorCode } from '../../src/bitrix24/errors.js';
import { batchItem, entryOf, hasEntry, isErrorEnvelope, parseAnswer, toOptionalInt } from '../../src/bitrix24/wire.js';

const TIME = {
  start: 1773925430.1,
  finish: 1773925430.3,
  duration: 0.2,
  processing: 0.1,
  date_start: '2026-03-19T16:03:50+02:00',
  date_finish: '2026-03-19T16:03:50+02:00',
};

/** Runs `fn`, expects it to throw a Bitrix24Error, and returns it. */
function thrown(fn: () => unknown): Bitrix24Error {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Bitrix24Error);
    return error as Bitrix24Error;
  }
  throw new Error('expected a Bitrix24Error to be thrown');
}

describe('toOptionalInt', () => {
  it.each([
    [50, 50],
    [0, 0],
    [12.9, 12],
    [-3, -3],
    ['50', 50],
    ['0', 0],
    ['-7', -7],
    ['123456', 123456],
  ])('%j → %j', (input, expected) => {
    expect(toOptionalInt(input)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['1.5'], ['abc'], [' 5'], ['5 '], [Number.NaN], [Number.POSITIVE_INFINITY], [true], [{}], [[]]])(
    '%j → undefined',
    (input) => {
      expect(toOptionalInt(input)).toBeUndefined();
    },
  );
});

describe('isErrorEnvelope', () => {
  it.each([
    [{ error: 'ACCESS_DENIED', error_description: 'Access denied!' }, true],
    [{ error: '', error_description: 'Group not found' }, true],
    [{ error: 42 }, true],
    [{ error: 'X', result: 1 }, false],
    [{ result: [] }, false],
    [{ error: null }, false],
    [{ error: { code: 'x' } }, false],
    [null, false],
    ['error', false],
    [[{ error: 'X' }], false],
  ])('%j → %s', (input, expected) => {
    expect(isErrorEnvelope(input)).toBe(expected);
  });
});

describe('parseAnswer: success envelopes', () => {
  it('returns result, total, next and time (numbers)', () => {
    const body = JSON.stringify({ result: [{ ID: '1' }], total: 123, next: 50, time: TIME });
    expect(parseAnswer('sonet_group.get', 200, 'application/json', body)).toEqual({
      result: [{ ID: '1' }],
      total: 123,
      next: 50,
      time: TIME,
    });
  });

  it('accepts total and next as numeric strings', () => {
    const body = JSON.stringify({ result: [], total: '7', next: '100', time: TIME });
    const answer = parseAnswer('sonet_group.get', 200, 'application/json', body);
    expect(answer.total).toBe(7);
    expect(answer.next).toBe(100);
  });

  it('leaves total/next undefined when absent and keeps total 0', () => {
    const answer = parseAnswer('sonet_group.get', 200, 'application/json', JSON.stringify({ result: [], total: 0, time: TIME }));
    expect(answer.total).toBe(0);
    expect(answer.next).toBeUndefined();
    const bare = parseAnswer('user.current', 200, undefined, JSON.stringify({ result: { ID: '1' } }));
    expect(bare).toEqual({ result: { ID: '1' }, total: undefined, next: undefined, time: undefined });
  });

  it.each([[true], [false], [null], [0], [77], ['text']])('keeps a scalar result %j', (result) => {
    expect(parseAnswer('m', 200, 'application/json', JSON.stringify({ result, time: TIME })).result).toBe(result);
  });

  it('ignores a time that is not an object', () => {
    expect(parseAnswer('m', 200, 'application/json', JSON.stringify({ result: 1, time: 'now' })).time).toBeUndefined();
  });
});

describe('parseAnswer: error envelopes', () => {
  it.each([
    { status: 200, error: 'ERROR_BATCH_LENGTH_EXCEEDED', description: 'Max batch length exceeded' },
    { status: 400, error: '', description: 'Group not found' },
    { status: 400, error: 'ERROR_ARGUMENT', description: 'Argument "ID" is null or empty' },
    { status: 401, error: 'expired_token', description: 'The access token provided has expired' },
    { status: 401, error: 'NO_AUTH_FOUND', description: 'Wrong authorization data' },
    { status: 403, error: 'insufficient_scope', description: '' },
    { status: 404, error: 'ERROR_METHOD_NOT_FOUND', description: 'Method not found!' },
    { status: 429, error: 'OPERATION_TIME_LIMIT', description: 'Method is blocked due to operation time limit.' },
    { status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'Internal server error' },
    { status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' },
  ])('HTTP $status with error "$error" → api Bitrix24Error', ({ status, error, description }) => {
    const body = JSON.stringify({ error, error_description: description });
    const err = thrown(() => parseAnswer('sonet_group.get', status, 'application/json', body));
    expect(err.kind).toBe('api');
    expect(err.code).toBe(error);
    expect(err.description).toBe(description);
    expect(err.method).toBe('sonet_group.get');
    expect(err.httpStatus).toBe(status);
    expect(err.operatingResetAt).toBeUndefined();
  });

  it('labels an empty error code in the message', () => {
    const err = thrown(() => parseAnswer('sonet_group.update', 400, 'application/json', JSON.stringify({ error: '', error_description: 'No permissions' })));
    expect(err.message).toBe('Bitrix24 sonet_group.update: (empty error code): No permissions');
  });

  it('defaults a missing or non-string error_description to ""', () => {
    expect(thrown(() => parseAnswer('m', 400, undefined, JSON.stringify({ error: 'X' }))).description).toBe('');
    expect(thrown(() => parseAnswer('m', 400, undefined, JSON.stringify({ error: 'X', error_description: 5 }))).description).toBe('');
  });

  it('stringifies a numeric error code', () => {
    expect(thrown(() => parseAnswer('m', 400, undefined, JSON.stringify({ error: 404, error_description: 'Not found' }))).code).toBe('404');
  });

  it('reads operating_reset_at from time or from the top level', () => {
    const inTime = JSON.stringify({ error: 'OPERATION_TIME_LIMIT', error_description: 'x', time: { operating_reset_at: 1773926000 } });
    expect(thrown(() => parseAnswer('m', 429, undefined, inTime)).operatingResetAt).toBe(1773926000);
    const top = JSON.stringify({ error: 'OPERATION_TIME_LIMIT', error_description: 'x', operating_reset_at: '1773926001' });
    expect(thrown(() => parseAnswer('m', 429, undefined, top)).operatingResetAt).toBe(1773926001);
  });
});

describe('parseAnswer: answers that are not the protocol', () => {
  it.each([
    { name: 'HTML page (content type)', status: 502, type: 'text/html; charset=utf-8', body: 'Bad gateway', what: 'an HTML page' },
    { name: 'HTML page (sniffed)', status: 200, type: undefined, body: '  <!DOCTYPE html><html></html>', what: 'an HTML page' },
    { name: 'truncated JSON', status: 200, type: 'application/json', body: '{"result":[{"ID":"1"', what: 'not valid JSON (20 bytes)' },
    { name: 'empty body', status: 200, type: 'application/json', body: '', what: 'an empty body' },
    { name: 'whitespace body', status: 504, type: undefined, body: ' \n ', what: 'an empty body' },
    { name: 'JSON without result or error', status: 200, type: 'application/json', body: '{"foo":1}', what: 'JSON without "result" or "error"' },
    { name: 'JSON array', status: 200, type: 'application/json', body: '[1,2]', what: 'JSON without "result" or "error"' },
    { name: 'JSON null', status: 200, type: 'application/json', body: 'null', what: 'JSON without "result" or "error"' },
    { name: 'success under 503', status: 503, type: 'application/json', body: '{"result":[],"total":0}', what: 'a success envelope under an error status' },
    { name: 'success under 500', status: 500, type: 'application/json', body: '{"result":true}', what: 'a success envelope under an error status' },
  ])('$name → protocol error', ({ status, type, body, what }) => {
    const err = thrown(() => parseAnswer('sonet_group.get', status, type, body));
    expect(err.kind).toBe('protocol');
    expect(err.code).toBe(LocalErrorCode.protocol);
    expect(err.httpStatus).toBe(status);
    expect(err.method).toBe('sonet_group.get');
    expect(err.description).toContain(what);
    expect(err.description).toContain(`HTTP ${status}`);
  });

  it('never echoes the body text of a bad answer', () => {
    const secret = 'secret-token-123';
    const bodies: [string | undefined, string][] = [
      ['text/html', `<html><body>Reflected: auth=${secret}</body></html>`],
      [undefined, `<h1>${secret}</h1>`],
      ['application/json', `{"auth":"${secret}"`],
      ['text/plain', `auth=${secret}`],
      ['application/json', JSON.stringify({ auth: secret })],
    ];
    for (const [type, body] of bodies) {
      const err = thrown(() => parseAnswer('user.current', 502, type, body));
      expect(err.message).not.toContain(secret);
      expect(err.description).not.toContain(secret);
      expect(JSON.stringify(err)).not.toContain(secret);
      expect(err.cause).toBeUndefined();
    }
  });
});

describe('entryOf / hasEntry', () => {
  it.each([
    { map: ['a', 'b'], key: '0', value: 'a', has: true },
    { map: ['a', 'b'], key: '1', value: 'b', has: true },
    { map: ['a', 'b'], key: '2', value: undefined, has: false },
    { map: ['a', 'b'], key: '-1', value: undefined, has: false },
    { map: ['a', 'b'], key: 'x', value: undefined, has: false },
    { map: ['a', 'b'], key: '0.5', value: undefined, has: false },
    { map: [], key: '0', value: undefined, has: false },
    { map: { '1': 'b' }, key: '1', value: 'b', has: true },
    { map: { '1': 'b' }, key: '0', value: undefined, has: false },
    { map: { g: null }, key: 'g', value: null, has: true },
    { map: {}, key: 'toString', value: undefined, has: false },
    { map: null, key: '0', value: undefined, has: false },
    { map: 'ab', key: '0', value: undefined, has: false },
    { map: undefined, key: '0', value: undefined, has: false },
  ])('$map[$key]', ({ map, key, value, has }) => {
    expect(entryOf(map, key)).toBe(value);
    expect(hasEntry(map, key)).toBe(has);
  });
});

describe('batchItem', () => {
  it('reads an item from array-shaped maps (keys 0..n-1)', () => {
    const batch = {
      result: [[{ ID: '1' }], [{ ID: '2' }]],
      result_error: [],
      result_total: [60, '2'],
      result_next: [50],
      result_time: [TIME, TIME],
    };
    expect(batchItem(batch, '0', 'sonet_group.get')).toEqual({ result: [{ ID: '1' }], total: 60, next: 50, time: TIME });
    expect(batchItem(batch, '1', 'sonet_group.get')).toEqual({ result: [{ ID: '2' }], total: 2, next: undefined, time: TIME });
  });

  it('reads an item from object-shaped maps (keys not 0..n-1)', () => {
    const batch = {
      result: { '1': { ID: '5' }, '3': true },
      result_error: { '0': { error: 'ACCESS_DENIED', error_description: 'Access denied!' } },
      result_total: [],
      result_next: [],
      result_time: { '1': TIME },
    };
    expect(batchItem(batch, '1', 'user.get')).toEqual({ result: { ID: '5' }, total: undefined, next: undefined, time: TIME });
    expect(batchItem(batch, '3', 'sonet_group.user.add')).toEqual({ result: true, total: undefined, next: undefined, time: undefined });
  });

  it('keeps a null or false sub-result as a result, not a missing entry', () => {
    const batch = { result: { '0': null, '1': false }, result_error: [] };
    expect(batchItem(batch, '0', 'm')).toMatchObject({ result: null });
    expect(batchItem(batch, '1', 'm')).toMatchObject({ result: false });
  });

  it('turns an object item error into an api Bitrix24Error of the sub-call method', () => {
    const batch = {
      result: [],
      result_error: { '2': { error: '', error_description: 'Group not found', argument: 'GROUP_ID' } },
    };
    const err = batchItem(batch, '2', 'sonet_group.get');
    expect(err).toBeInstanceOf(Bitrix24Error);
    expect(err).toMatchObject({ kind: 'api', code: '', description: 'Group not found', method: 'sonet_group.get', httpStatus: undefined });
  });

  it('turns an item error from an array-shaped result_error into a Bitrix24Error', () => {
    const batch = { result: [], result_error: [{ error: 'insufficient_scope', error_description: '' }] };
    expect(batchItem(batch, '0', 'user.get')).toMatchObject({ kind: 'api', code: 'insufficient_scope', method: 'user.get' });
  });

  it('keeps a bare string item error as the description', () => {
    const batch = { result: [], result_error: { '0': 'Something failed' } };
    const err = batchItem(batch, '0', 'sonet_group.get');
    expect(err).toBeInstanceOf(Bitrix24Error);
    expect(err).toMatchObject({ kind: 'api', code: 'ERROR_BATCH_ITEM', description: 'Something failed', method: 'sonet_group.get' });
  });

  it('prefers the item error over a result entry for the same key', () => {
    const batch = { result: { '0': [] }, result_error: { '0': { error: 'ERROR_CORE', error_description: 'x' } } };
    expect(batchItem(batch, '0', 'm')).toBeInstanceOf(Bitrix24Error);
  });

  it('reads operating_reset_at from an item error time', () => {
    const batch = { result: [], result_error: [{ error: 'OPERATION_TIME_LIMIT', error_description: 'x', time: { operating_reset_at: 1773926000 } }] };
    expect(batchItem(batch, '0', 'm')).toMatchObject({ operatingResetAt: 1773926000 });
  });

  it.each([
    ['missing key in an object map', { result: { '1': [] }, result_error: [] }, '0'],
    ['index past the end of an array map', { result: [[]], result_error: [] }, '1'],
    ['empty result map', { result: [], result_error: [] }, '0'],
    ['no result map at all', { result_error: [] }, '0'],
  ])('%s → protocol error', (_name, batch, key) => {
    const err = batchItem(batch, key, 'sonet_group.get');
    expect(err).toBeInstanceOf(Bitrix24Error);
    expect(err).toMatchObject({ kind: 'protocol', code: LocalErrorCode.protocol, method: 'batch' });
    expect((err as Bitrix24Error).description).toContain(`command ${key}`);
  });

  it.each([[null], [[]], ['x'], [5]])('a batch result %j that is not an object → protocol error', (batch) => {
    expect(batchItem(batch, '0', 'm')).toMatchObject({ kind: 'protocol', code: LocalErrorCode.protocol });
  });
});
