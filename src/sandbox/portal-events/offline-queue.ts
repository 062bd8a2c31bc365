/**
 * The offline event queue (b_rest_event_offline): rows upserted on (MESSAGE_ID, APP_ID, CONNECTOR_ID, PROCESS_ID)
 * with MESSAGE_ID = md5(EVENT_NAME|json(EVENT_DATA)), so pending updates of one group collapse into one row with
 * a refreshed TIMESTAMP_X; a reserved row (PROCESS_ID set) is a different key. See docs/events.md.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface OfflineRow {
  id: number;
  timestampMs: number;
  eventName: string;
  eventData: unknown;
  eventAdditional: { user_id: number };
  messageId: string;
  appId: string;
  connectorId: string;
  processId: string;
  error: boolean;
}

/** PHP json_encode of the event data, then md5 of `NAME|json`. */
function messageIdOf(eventName: string, eventData: unknown): string {
  return createHash('md5').update(`${eventName}|${JSON.stringify(eventData)}`).digest('hex');
}

/** A fresh 32-character process id (the portal uses a random 32-char string). */
export function newProcessId(): string {
  return randomBytes(16).toString('hex');
}

export interface Selection {
  appId: string;
  connectorId: string;
  error: boolean;
  limit: number;
  filter: (row: OfflineRow) => boolean;
  compare: (a: OfflineRow, b: OfflineRow) => number;
}

export class OfflineQueue {
  private rows: OfflineRow[] = [];
  private nextId = 1;

  reset(): void {
    this.rows = [];
    this.nextId = 1;
  }

  all(): OfflineRow[] {
    return this.rows.map((r) => ({ ...r }));
  }

  /** Upsert on the documented key; only a free (unreserved) row collapses. */
  push(appId: string, connectorId: string, eventName: string, eventData: unknown, userId: number, nowMs: number): OfflineRow {
    const messageId = messageIdOf(eventName, eventData);
    const existing = this.rows.find(
      (r) => r.messageId === messageId && r.appId === appId && r.connectorId === connectorId && r.processId === '',
    );
    if (existing) {
      existing.timestampMs = nowMs;
      existing.eventAdditional = { user_id: userId };
      return existing;
    }
    const row: OfflineRow = {
      id: this.nextId++,
      timestampMs: nowMs,
      eventName,
      eventData,
      eventAdditional: { user_id: userId },
      messageId,
      appId,
      connectorId,
      processId: '',
      error: false,
    };
    this.rows.push(row);
    return row;
  }

  private select(sel: Selection, processId: string | undefined): OfflineRow[] {
    return this.rows
      .filter(
        (r) =>
          r.appId === sel.appId &&
          r.connectorId === sel.connectorId &&
          r.error === sel.error &&
          (r.processId === '' || (processId !== undefined && r.processId === processId)) &&
          sel.filter(r),
      )
      .sort(sel.compare)
      .slice(0, sel.limit);
  }

  /** clear=1: the selected rows are deleted and returned; process_id is null. */
  take(sel: Selection): OfflineRow[] {
    const picked = this.select(sel, undefined);
    const ids = new Set(picked.map((r) => r.id));
    this.rows = this.rows.filter((r) => !ids.has(r.id));
    return picked;
  }

  /** clear=0: the selected rows are reserved for processId (rows it already holds are returned again). */
  reserve(sel: Selection, processId: string): OfflineRow[] {
    const picked = this.select(sel, processId);
    for (const r of picked) r.processId = processId;
    return picked.map((r) => ({ ...r }));
  }

  /** event.offline.clear: rows of processId, narrowed by ids (preferred) or message ids. */
  clear(appId: string, processId: string, ids: number[] | undefined, messageIds: string[] | undefined): number {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => {
      if (r.appId !== appId || r.processId !== processId) return true;
      if (ids !== undefined) return !ids.includes(r.id);
      if (messageIds !== undefined) return !messageIds.includes(r.messageId);
      return false;
    });
    return before - this.rows.length;
  }

  /** event.offline.error: the rows leave the reservation and are marked ERROR=1 (read back with error=1). */
  markError(appId: string, processId: string, messageIds: string[]): number {
    let n = 0;
    for (const r of this.rows) {
      if (r.appId === appId && r.processId === processId && messageIds.includes(r.messageId)) {
        r.error = true;
        r.processId = '';
        n++;
      }
    }
    return n;
  }
}
