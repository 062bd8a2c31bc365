/**
 * The limiter's shared store when replicas share a portal (REDIS_URL; docs/replicas.md), with its metrics and its
 * one log line per change of store. Without REDIS_URL there is nothing to build: the client keeps its bucket in memory.
 */
import { createSharedLimiterStore, type FailoverLimiterStore } from '../bitrix24/index.js';
import type { GatewayConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';

const STORES = ['memory', 'redis', 'fallback'] as const;

export function createLimiterStore(config: GatewayConfig, metrics: GatewayMetrics, logger: Logger): FailoverLimiterStore | undefined {
  const show = (store: string): void => {
    for (const name of STORES) metrics.limiterStore.set({ store: name }, name === store ? 1 : 0);
  };
  show('memory');
  if (!config.redis) return undefined;
  return createSharedLimiterStore({
    url: config.redis.url,
    keyPrefix: config.redis.keyPrefix,
    replicas: config.rateLimitReplicas,
    hooks: {
      onStoreChange(status, reason) {
        show(status.store);
        if (status.store === 'fallback') {
          metrics.limiterStoreFallbacks.inc();
          logger.warn({ replicas: config.rateLimitReplicas, reason }, "limiter: Redis unavailable, using this replica's share of the portal budget");
        } else {
          logger.info('limiter: using the shared Redis store');
        }
      },
      onRoundTrip: (ms) => metrics.limiterStoreRoundTrip.observe(ms / 1000),
    },
  });
}
