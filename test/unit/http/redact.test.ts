import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactResult } from '../../../src/http/redact.js';

const TOKEN = 'abcdef0123456789token';

describe('redactResult', () => {
  it('replaces the token in messages and extensions, keeping path and code', () => {
    const error = new GraphQLError(`Bitrix24 refused sonet_group.get: auth=${TOKEN} is odd`, { path: ['group'], extensions: { code: 'UPSTREAM_ERROR', detail: [TOKEN] } });
    const result = redactResult({ data: { group: null }, errors: [error] }, TOKEN);
    expect(result.errors?.[0]?.message).toBe(`Bitrix24 refused sonet_group.get: auth=${REDACTED} is odd`);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', detail: [REDACTED] });
    expect(result.errors?.[0]?.path).toEqual(['group']);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('returns the same result when nothing carries the token, or there is no token', () => {
    const clean = { errors: [new GraphQLError('fine', { extensions: { code: 'BAD_USER_INPUT' } })] };
    expect(redactResult(clean, TOKEN)).toBe(clean);
    expect(redactResult(clean, null)).toBe(clean);
    expect(redactResult({ data: {} }, TOKEN)).toEqual({ data: {} });
  });
});
