/**
 * Prometheus metrics, one registry per gateway (tests run several gateways in one process). prom-client does the
 * work; this module only names the series. The GraphQL series are fed by a small yoga plugin (src/http/use-metrics.ts) rather
 * than @graphql-yoga/plugin-prometheus because we label errors by our own `extensions.code`, which that plugin
 * does not expose.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Bitrix24ClientHooks } from '../bitrix24/index.js';

export interface GatewayMetrics {
  readonly registry: Registry;
  operationDuration: Histogram<'operation_type' | 'operation_name'>;
  operationErrors: Counter<'code'>;
  upstreamRequests: Counter<'method' | 'outcome'>;
  upstreamDuration: Histogram<'method'>;
  batchSize: Histogram;
  limiterQueue: Gauge<'portal'>;
  limiterWait: Histogram;
  /** 1 for the limiter's store in use: memory (this process alone), redis (shared), fallback (this replica's share). */
  limiterStore: Gauge<'store'>;
  limiterStoreFallbacks: Counter;
  limiterStoreRoundTrip: Histogram;
  retries: Counter<'code'>;
  /** Hooks for the REST client: upstream requests, batch sizes, retries. */
  clientHooks: Bitrix24ClientHooks;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operations from parse to response, by operation type and name',
    labelNames: ['operation_type', 'operation_name'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const operationErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors in responses, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const upstreamRequests = new Counter({
    name: 'bitrix24_upstream_requests_total',
    help: 'HTTP requests to Bitrix24 portals, by REST method (batch for batches) and outcome',
    labelNames: ['method', 'outcome'],
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'bitrix24_upstream_request_duration_seconds',
    help: 'Duration of HTTP requests to Bitrix24 portals',
    labelNames: ['method'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'bitrix24_calls_per_request',
    help: 'REST calls carried by one upstream HTTP request (1 = a plain call, up to 50 in a batch)',
    buckets: [1, 2, 5, 10, 20, 30, 40, 50],
    registers: [registry],
  });
  const limiterQueue = new Gauge({
    name: 'bitrix24_limiter_queue_length',
    help: 'Requests waiting for a slot in the portal\'s leaky bucket',
    labelNames: ['portal'],
    registers: [registry],
  });
  const limiterWait = new Histogram({
    name: 'bitrix24_limiter_wait_seconds',
    help: 'Time a request waited for the portal\'s leaky bucket',
    buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 20, 60],
    registers: [registry],
  });
  const limiterStore = new Gauge({
    name: 'bitrix24_limiter_store',
    help: 'Which store the limiter uses: 1 for the current one (memory: this process alone; redis: shared; fallback: local share)',
    labelNames: ['store'],
    registers: [registry],
  });
  const limiterStoreFallbacks = new Counter({
    name: 'bitrix24_limiter_store_fallbacks_total',
    help: 'Times this replica left the shared Redis store for its local share of the budget',
    registers: [registry],
  });
  const limiterStoreRoundTrip = new Histogram({
    name: 'bitrix24_limiter_store_round_trip_seconds',
    help: 'Round trips to the shared Redis store (one per limiter decision)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'bitrix24_upstream_retries_total',
    help: 'Upstream requests retried, by the error code that failed them',
    labelNames: ['code'],
    registers: [registry],
  });
  return {
    registry,
    operationDuration,
    operationErrors,
    upstreamRequests,
    upstreamDuration,
    batchSize,
    limiterQueue,
    limiterWait,
    limiterStore,
    limiterStoreFallbacks,
    limiterStoreRoundTrip,
    retries,
    clientHooks: {
      onUpstreamRequest(method, outcome, durationMs) {
        upstreamRequests.inc({ method, outcome });
        upstreamDuration.observe({ method }, durationMs / 1000);
      },
      onBatch(callCount) {
        batchSize.observe(callCount);
      },
      onRetry(_method, errorCode) {
        retries.inc({ code: errorCode });
      },
    },
  };
}
