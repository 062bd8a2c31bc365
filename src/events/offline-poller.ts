/**
 * Offline mode (BITRIX24_EVENTS=offline): the replica holding the lease reads the portal's offline queue with an
 * administrator's token, through the gateway's Bitrix24 client (so the rate limiter applies), and acknowledges
 * what it published:
 *   event.offline.get {clear: 0, process_id?} → rows reserved for a process id → publish → event.offline.clear.
 * If the clear fails, the rows stay reserved; the next poll passes the same process_id and gets them again
 * (re-reading a group twice is harmless, losing a change is not).
 */
import type { Lease } from './lease.js';
import { BITRIX24_GROUP_EVENTS, groupIdOf, isGroupEventName, type GroupSignal } from './signals.js';

/** One REST call made with the configured administrator token; resolves to `result`. */
export type AdminCall = (method: string, params: Record<string, unknown>, options: { write: boolean }) => Promise<unknown>;

export interface OfflineRowLike {
  EVENT_NAME?: unknown;
  EVENT_DATA?: unknown;
}

/**
 * Rows → signals, one per group: the portal already collapses pending updates of a group into one row, but Add,
 * Update and Delete stay separate rows; a Delete wins (an Update read after the Delete finds nothing anyway).
 */
export function signalsOfRows(rows: readonly OfflineRowLike[]): GroupSignal[] {
  const byGroup = new Map<number, GroupSignal>();
  for (const row of rows) {
    const name = typeof row.EVENT_NAME === 'string' ? row.EVENT_NAME.toUpperCase() : '';
    if (!isGroupEventName(name)) continue;
    const data = row.EVENT_DATA as { FIELDS?: { ID?: unknown } } | null | undefined;
    const groupId = groupIdOf(data?.FIELDS?.ID);
    if (groupId === undefined) continue;
    const kind = BITRIX24_GROUP_EVENTS[name];
    const seen = byGroup.get(groupId);
    if (seen?.kind === 'DELETE') continue;
    byGroup.set(groupId, { groupId, kind: seen?.kind === 'ADD' && kind === 'UPDATE' ? 'ADD' : kind, origin: 'bitrix24' });
  }
  return [...byGroup.values()];
}

export interface OfflinePollerOptions {
  call: AdminCall;
  lease: Lease;
  publish: (signal: GroupSignal) => void;
  intervalMs: number;
  /** Rows per poll (event.offline.get `limit`). */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface OfflinePoller {
  /** One poll now (tests and the timer both use it); resolves to the number of signals published. */
  pollOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createOfflinePoller(options: OfflinePollerOptions): OfflinePoller {
  let pendingProcessId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function pollOnce(): Promise<number> {
    if (!(await options.lease.acquire())) return 0;
    const params: Record<string, unknown> = { clear: 0, limit: options.batchSize ?? 50 };
    if (pendingProcessId !== undefined) params.process_id = pendingProcessId;
    const result = (await options.call('event.offline.get', params, { write: true })) as {
      process_id?: unknown;
      events?: unknown;
    } | null;
    const rows = Array.isArray(result?.events) ? (result.events as OfflineRowLike[]) : [];
    const processId = typeof result?.process_id === 'string' ? result.process_id : undefined;
    if (rows.length === 0) return 0;
    pendingProcessId = processId;
    const signals = signalsOfRows(rows);
    for (const signal of signals) options.publish(signal);
    if (processId !== undefined) {
      await options.call('event.offline.clear', { process_id: processId }, { write: true });
      pendingProcessId = undefined;
    }
    return signals.length;
  }

  const loop = (): void => {
    if (stopped) return;
    running = pollOnce()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs);
      });
  };

  return {
    pollOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await options.lease.release();
    },
  };
}
