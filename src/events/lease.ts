/**
 * One replica at a time polls the offline queue. With Redis the lease is a key set with NX and a TTL, renewed by
 * its holder and released by it only (compare-and-delete in Lua); without Redis one process is the only replica.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface Lease {
  /** True when this replica holds (or now took, or renewed) the lease. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

export function createInProcessLease(): Lease {
  return { acquire: async () => true, release: async () => undefined };
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createRedisLease(options: { redisUrl: string; key: string; ttlMs: number }): Lease {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const holder = randomUUID();
  return {
    async acquire() {
      try {
        const renewed = (await redis.eval(RENEW, 1, options.key, holder, String(options.ttlMs))) as number;
        if (renewed === 1) return true;
        return (await redis.set(options.key, holder, 'PX', options.ttlMs, 'NX')) === 'OK';
      } catch {
        // Redis unreachable: nobody can prove they hold the lease, so nobody polls (no double processing).
        return false;
      }
    },
    async release() {
      try {
        await redis.eval(RELEASE, 1, options.key, holder);
      } catch {
        // the TTL frees it
      }
      await redis.quit().catch(() => undefined);
    },
  };
}
