/**
 * `rediss://`: the shared store over TLS, against a real redis-server listening on a TLS port only, with a
 * certificate made here by openssl (self-signed, for 127.0.0.1). The CA goes in through `redisOptions.tls`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedLimiterStore } from '../../src/bitrix24/redis-failover-store.js';
import { loadConfig } from '../../src/config.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

const directory = mkdtempSync(join(tmpdir(), 'redis-tls-'));
const cert = join(directory, 'cert.pem');
const key = join(directory, 'key.pem');
let server: RedisServer;

beforeAll(async () => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  server = await startRedisServer((port) => [
    '--port', '0', '--tls-port', String(port), '--tls-cert-file', cert, '--tls-key-file', key,
    '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no',
  ]);
});
afterAll(async () => {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('the shared store over TLS', () => {
  it('decides through a rediss:// URL as loadConfig accepts it', async () => {
    const url = `rediss://127.0.0.1:${server.port}`;
    expect(loadConfig({ BITRIX24_PORTAL_URL: 'https://portal.bitrix24.com', REDIS_URL: url }).redis?.url).toBe(url);
    const store = createSharedLimiterStore({ url, replicas: 1, keyPrefix: 'tls:', redisOptions: { tls: { ca: readFileSync(cert) } } });
    try {
      const now = Date.now();
      expect(await store.takeTurn('https://portal.bitrix24.com', { id: 'a', rankMs: now }, now, { burst: 1, perSecond: 1 })).toEqual({ granted: true, waitMs: 0 });
      expect(store.status().store).toBe('redis');
    } finally {
      await store.close();
    }
  });

  it('refuses a server whose certificate it cannot verify, and falls back instead of failing the caller', async () => {
    const store = createSharedLimiterStore({ url: `rediss://127.0.0.1:${server.port}`, replicas: 2, keyPrefix: 'tls:' });
    try {
      const now = Date.now();
      const answer = await store.takeTurn('https://portal.bitrix24.com', { id: 'b', rankMs: now }, now, { burst: 4, perSecond: 2 });
      expect(answer.granted).toBe(false); // the local share (2/1) starts full: one drain step
      expect(store.status().store).toBe('fallback');
    } finally {
      await store.close();
    }
  });
});
