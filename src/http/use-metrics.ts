/** GraphQL operation metrics, and the `/metrics` endpoint (Prometheus text format). */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { RequestStates } from './request-state.js';

/** Distinct operation names that get their own series; later names share `other`, so /metrics stays bounded. */
export const MAX_OPERATION_NAME_SERIES = 100;

/** A bounded label set: the first MAX_OPERATION_NAME_SERIES names seen, then `other`. */
export function createOperationLabels(max = MAX_OPERATION_NAME_SERIES): (name: string | undefined) => string {
  const known = new Set<string>();
  return (name) => {
    if (name === undefined) return 'anonymous';
    if (known.has(name)) return name;
    if (known.size >= max) return 'other';
    known.add(name);
    return name;
  };
}

export function useMetrics(options: { metrics: GatewayMetrics; graphqlPath: string; states: RequestStates }): Plugin<GatewayContext> {
  const { metrics, states } = options;
  const operationLabel = createOperationLabels();
  return {
    // Not async: only /metrics needs a promise, every other request passes through synchronously.
    onRequest({ url, endResponse }) {
      if (url.pathname !== '/metrics') return undefined;
      return metrics.registry.metrics().then((text) => {
        endResponse(new Response(text, { headers: { 'content-type': metrics.registry.contentType } }));
      });
    },
    onResponse({ request }) {
      const state = states.get(request);
      if (!state || new URL(request.url).pathname !== options.graphqlPath) return;
      metrics.operationDuration.observe(
        { operation_type: state.operationType ?? 'unknown', operation_name: operationLabel(state.operationName) },
        (performance.now() - state.startedAt) / 1000,
      );
      for (const code of state.errorCodes) metrics.operationErrors.inc({ code });
    },
  };
}
