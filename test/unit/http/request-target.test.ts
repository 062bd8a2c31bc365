import { describe, expect, it } from 'vitest';
import { checkRequestTarget } from '../../../src/http/request-target.js';

const HOST = ['Host', 'localhost'];

describe('checkRequestTarget', () => {
  it.each<[string, string | undefined, string | undefined, string[]]>([
    ['origin-form with a host name', '/graphql', 'localhost', HOST],
    ['a port', '/graphql?query=1', '127.0.0.1:4000', HOST],
    ['bracketed IPv6', '/health', '[::1]:4000', HOST],
    ['a trailing dot', '/health', 'portal.example.', HOST],
    ['asterisk-form', '*', 'localhost', HOST],
    ['no Host (HTTP/1.0)', '/health', undefined, []],
  ])('accepts %s', (_label, target, host, rawHeaders) => {
    expect(checkRequestTarget(target, host, rawHeaders)).toBeUndefined();
  });

  it.each<[string, string | undefined, string | undefined, string[], string]>([
    ['an unclosed IPv6 bracket', '/health', '[::1', HOST, 'MALFORMED_HOST'],
    ['a port over 65535', '/health', '127.0.0.1:99999', HOST, 'MALFORMED_HOST'],
    ['a space', '/health', 'a b', HOST, 'MALFORMED_HOST'],
    ['userinfo', '/health', 'user@host', HOST, 'MALFORMED_HOST'],
    ['an empty host', '/health', '', HOST, 'MALFORMED_HOST'],
    ['an absolute-form target', 'http://other.example/graphql', 'other.example', HOST, 'ABSOLUTE_FORM_TARGET'],
    ['a target without a slash', 'graphql', 'localhost', HOST, 'ABSOLUTE_FORM_TARGET'],
    ['two Authorization headers', '/graphql', 'localhost', ['Authorization', 'Bearer a', 'authorization', 'Bearer b'], 'DUPLICATE_HEADER'],
    ['two portal headers', '/graphql', 'localhost', ['X-Bitrix24-Domain', 'a', 'x-bitrix24-domain', 'b'], 'DUPLICATE_HEADER'],
  ])('refuses %s', (_label, target, host, rawHeaders, reason) => {
    expect(checkRequestTarget(target, host, rawHeaders)?.reason).toBe(reason);
  });
});
