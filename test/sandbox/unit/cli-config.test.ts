import { describe, expect, it } from 'vitest';
import { CliConfigError, parseCliConfig, parseRateLimit } from '../../../src/sandbox/cli-config.js';

describe('CLI configuration', () => {
  it('defaults: port 4100 (flagged as default), host 127.0.0.1, rate limit 50/2', () => {
    expect(parseCliConfig({})).toEqual({
      port: 4100,
      portWasDefault: true,
      host: '127.0.0.1',
      rateLimit: { burst: 50, perSecond: 2 },
    });
  });

  it('reads the variables', () => {
    expect(parseCliConfig({ SANDBOX_PORT: '0', SANDBOX_HOST: '0.0.0.0', SANDBOX_RATE_LIMIT: '250/5' })).toEqual({
      port: 0,
      portWasDefault: false,
      host: '0.0.0.0',
      rateLimit: { burst: 250, perSecond: 5 },
    });
    expect(parseRateLimit('off')).toBe('off');
    expect(parseRateLimit('10/0.5')).toEqual({ burst: 10, perSecond: 0.5 });
  });

  it('rejects invalid values with a message naming the variable and the form', () => {
    for (const bad of ['50', '50/', 'x/2', '0/2', '5/0', '-1/2']) {
      expect(() => parseRateLimit(bad)).toThrow(CliConfigError);
      expect(() => parseRateLimit(bad)).toThrow(/SANDBOX_RATE_LIMIT.*burst\/perSecond/);
    }
    expect(() => parseCliConfig({ SANDBOX_PORT: 'abc' })).toThrow(/SANDBOX_PORT/);
  });
});
