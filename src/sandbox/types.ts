/** Public types of the embedded Bitrix24 sandbox portal. */
import type { FaultController } from './faults.js';
import type { SandboxEventsControl } from './portal-events/hub.js';
import type { SandboxStore } from './store.js';

export interface SandboxOptions {
  /** Leaky bucket per portal. Default 'off' in createSandbox; the CLI default is 50/2. */
  rateLimit?: { burst: number; perSecond: number } | 'off';
  /** Operating time per (app, method). Default 'off' (time.operating is then always 0). */
  operatingLimit?: { limitMs: number; windowMs?: number; costMsPerCall?: number } | 'off';
  /** ms clock, injectable for tests (default Date.now). */
  now?: () => number;
  /** docs (default): 401 NO_AUTH_FOUND/invalid_token/expired_token, 403 insufficient_scope; source: all 401. */
  authErrorStatus?: 'docs' | 'source';
  /**
   * Extension (not in the brief): how the sandbox waits for injected latency.
   * Defaults to a real timer; tests inject a recorder so they count instead of timing.
   */
  sleep?: (ms: number) => Promise<void>;
  /** Extension: portal time-zone offset in minutes used for every ISO date (default +180, i.e. +03:00). */
  utcOffsetMinutes?: number;
  /** Extension: how many /rest/ requests the request log keeps, the newest (default 10,000). */
  maxLogEntries?: number;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  httpMethod: string;
  /** The request target's path as received, before nginx-style slash merging (e.g. `/rest//user.current`). */
  path: string;
  method: string;
  batchMethods?: string[];
  batchSize?: number;
  status: number;
  error?: string;
  tokenHash?: string;
  user?: number;
  params?: Record<string, unknown>;
  fault?: string;
}

export interface Sandbox {
  readonly url: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  requestLog(): RequestLogEntry[];
  /** Requests the log dropped (the oldest, past maxLogEntries) since it was last cleared. */
  requestLogDropped(): number;
  clearLog(): void;
  reset(): void;
  readonly faults: FaultController;
  readonly store: SandboxStore;
  /** Event bindings, deliveries, the offline queue and the switch that drops deliveries. */
  readonly events: SandboxEventsControl;
}
