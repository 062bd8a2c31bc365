/** The shared limiter's variables: REDIS_URL, REDIS_KEY_PREFIX, BITRIX24_RATE_LIMIT_REPLICAS (docs/replicas.md). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const PORTAL = 'https://portal.bitrix24.com';

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig({ BITRIX24_PORTAL_URL: PORTAL, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: the shared limiter', () => {
  it('keeps the in-memory store when REDIS_URL is unset or empty', () => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL }).redis).toBeUndefined();
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, REDIS_URL: '' }).redis).toBeUndefined();
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL }).rateLimitReplicas).toBe(1);
  });

  it.each([
    ['redis://127.0.0.1:6379', 'bitrix24-gateway:'],
    ['redis://:secret@redis.internal:6379/2', 'bitrix24-gateway:'],
    ['rediss://redis.example.com:6380', 'bitrix24-gateway:'],
  ])('accepts REDIS_URL=%s with the default key prefix', (url, prefix) => {
    expect(loadConfig({ BITRIX24_PORTAL_URL: PORTAL, REDIS_URL: url }).redis).toEqual({ url, keyPrefix: prefix });
  });

  it('reads REDIS_KEY_PREFIX and BITRIX24_RATE_LIMIT_REPLICAS', () => {
    const config = loadConfig({
      BITRIX24_PORTAL_URL: PORTAL,
      REDIS_URL: 'redis://redis:6379',
      REDIS_KEY_PREFIX: 'gw-prod:',
      BITRIX24_RATE_LIMIT_REPLICAS: '3',
    });
    expect(config.redis).toEqual({ url: 'redis://redis:6379', keyPrefix: 'gw-prod:' });
    expect(config.rateLimitReplicas).toBe(3);
  });

  it.each([
    [{ REDIS_URL: 'http://redis:6379' }, 'REDIS_URL must use redis:// or rediss:// (TLS); received a URL with "http:"'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL must be a URL such as redis://redis:6379/0 or rediss://redis:6380 (TLS); received a value that is not a URL'],
    [{ REDIS_URL: 'redis://redis:6379/cache' }, 'REDIS_URL may end with a database number only (redis://host:6379/0); received another path'],
    [{ REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX must be 1 to 64 characters of letters, digits and . _ : - (e.g. "gateway-prod:"); received "has space"'],
    [{ BITRIX24_RATE_LIMIT_REPLICAS: '0' }, 'BITRIX24_RATE_LIMIT_REPLICAS must be an integer from 1 to 1000; received "0"'],
    [{ BITRIX24_RATE_LIMIT_REPLICAS: 'three' }, 'BITRIX24_RATE_LIMIT_REPLICAS must be an integer from 1 to 1000; received "three"'],
  ])('refuses %j with a message that states the contract', (env, message) => {
    expect(messageOf(env)).toBe(message);
  });

  it('never repeats a REDIS_URL that may hold a password', () => {
    expect(messageOf({ REDIS_URL: 'https://user:hunter2@redis:6379' })).not.toContain('hunter2');
    expect(messageOf({ REDIS_URL: 'redis://:hunter2@redis:6379/x' })).not.toContain('hunter2');
  });
});
