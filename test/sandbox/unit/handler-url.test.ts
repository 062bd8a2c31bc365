import { describe, expect, it } from 'vitest';
import { checkHandlerUrl } from '../../../src/sandbox/portal-events/handler-url.js';

describe('checkHandlerUrl (parse_url: a host with a dot, scheme http/https)', () => {
  it.each([
    ['https://example.com/handler', 'ok'],
    ['http://127.0.0.1:8080/bitrix24/events', 'ok'],
    ['http://gw.internal/x', 'ok'],
    ['http://localhost:3000/x', 'wrong_url'],
    ['http://[::1]:3000/x', 'wrong_url'],
    ['/relative/path', 'wrong_url'],
    ['', 'wrong_url'],
    ['ftp://example.com/x', 'unsupported_protocol'],
    ['ws://example.com/x', 'unsupported_protocol'],
  ])('%s → %s', (url, verdict) => {
    expect(checkHandlerUrl(url)).toBe(verdict);
  });
});
