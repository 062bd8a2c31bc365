/**
 * `/ready`: 200 when the portal answers the Bitrix24 protocol, 503 when it does not or when shutdown has begun.
 * `/health` (liveness) is yoga's own health check. Probes spend the portal's request budget (2/s on most plans), so
 * an outcome stays valid for a while, and probes arriving together share one portal request.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';

/** How long a /ready portal probe stays valid. */
export const READY_PROBE_TTL_MS = 15_000;

export interface ReadinessOutcome {
  ready: boolean;
  checks: Record<string, string>;
}

export interface Readiness {
  check(): Promise<ReadinessOutcome>;
  /** /ready answers 503 from now on, so load balancers stop sending traffic while in-flight work finishes. */
  beginShutdown(): void;
}

export function createReadiness(
  probe: () => Promise<{ ok: boolean; detail: string }>,
  /** Details shown beside the checks that decide readiness (e.g. which limiter store is in use). */
  details: (() => Record<string, string>) | undefined = undefined,
  now: () => number = Date.now,
): Readiness {
  let shuttingDown = false;
  let lastProbe: { at: number; ok: boolean; detail: string } | undefined;
  let probing: Promise<void> | undefined;
  return {
    async check(): Promise<ReadinessOutcome> {
      if (shuttingDown) return { ready: false, checks: { config: 'ok', shutdown: 'in progress' } };
      const at = now();
      if (!lastProbe || at - lastProbe.at > READY_PROBE_TTL_MS) {
        probing ??= probe().then((outcome) => {
          lastProbe = { at, ok: outcome.ok, detail: outcome.detail };
          probing = undefined;
        });
        await probing;
      }
      return { ready: lastProbe!.ok, checks: { config: 'ok', portal: lastProbe!.detail, ...details?.() } };
    },
    beginShutdown() {
      shuttingDown = true;
    },
  };
}

export function useReadiness(readiness: Readiness): Plugin<GatewayContext> {
  return {
    // Not async: only /ready needs a promise, every other request passes through synchronously.
    onRequest({ url, endResponse }) {
      if (url.pathname !== '/ready') return undefined;
      return readiness.check().then(({ ready, checks }) => {
        endResponse(
          new Response(JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }), {
            status: ready ? 200 : 503,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
        );
      });
    },
  };
}
