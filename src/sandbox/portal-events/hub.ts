/**
 * The portal's event machinery: bindings (`event.bind`), change detection per REST hit, the per-hit, per-app
 * de-duplication of the socialnetwork REST proxy, online delivery (form-encoded POST, never retried) and the
 * offline queue. What Bitrix24 does and where the sandbox had to choose is in docs/events.md ("Sandbox").
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import qs from 'qs';
import { sendControl } from '../http.js';
import { isPlainObject } from '../php-query.js';
import type { SandboxStore, TokenRecord, UserRecord } from '../store.js';
import { OfflineQueue } from './offline-queue.js';
import type { OfflineRow } from './offline-queue.js';

/** Event name → the scope a token needs for `event.bind` to find it. */
const EVENT_SCOPES = {
  ONSONETGROUPADD: 'sonet_group',
  ONSONETGROUPUPDATE: 'sonet_group',
  ONSONETGROUPDELETE: 'sonet_group',
} as const;
type GroupEventName = keyof typeof EVENT_SCOPES;

/** The scope `event.bind` needs for an (upper-cased) event name; undefined for an event the portal does not know. */
export function scopeOfEvent(event: string): string | undefined {
  return Object.hasOwn(EVENT_SCOPES, event) ? EVENT_SCOPES[event as GroupEventName] : undefined;
}

/** How long an online delivery may take before the queue server gives up (ms). */
const DELIVERY_TIMEOUT_MS = 5000;

export interface Binding {
  id: number;
  appId: string;
  event: string;
  /** '' for offline bindings. */
  handler: string;
  /** The user the handler is authorized as (0 = whoever caused the event). */
  userId: number;
  offline: boolean;
  connectorId: string;
}

export interface DeliveryRecord {
  seq: number;
  handlerId: number;
  handler: string;
  event: string;
  groupId: number;
  outcome: 'delivered' | 'failed' | 'dropped';
  httpStatus?: number;
}

export interface SandboxEventsOptions {
  now: () => number;
  baseUrl: () => string;
}

/** What the tests and the control endpoint see of the event machinery. */
export interface SandboxEventsControl {
  /** The application token Bitrix24 puts in every event payload's `auth.application_token`. */
  applicationToken(app?: string): string;
  memberId(app?: string): string;
  bindings(): Binding[];
  deliveries(): DeliveryRecord[];
  offlineRows(): OfflineRow[];
  /** When true, online deliveries are dropped (recorded as `dropped`): Bitrix24 never retries a failed one. */
  dropDeliveries: boolean;
  /** Resolves when every delivery started so far has finished. */
  settled(): Promise<void>;
}

interface Hit {
  caller: UserRecord;
  token: TokenRecord;
  connector: string;
  before: Map<number, string>;
  setStat: Set<number>;
}

export class SandboxEvents implements SandboxEventsControl {
  dropDeliveries = false;
  readonly queue = new OfflineQueue();
  private list: Binding[] = [];
  private nextBindingId = 1;
  private log: DeliveryRecord[] = [];
  private deliverySeq = 0;
  private readonly inflight = new Set<Promise<void>>();
  private current: Hit | undefined;
  private tokenSeq = 0;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: SandboxEventsOptions,
  ) {
    // CSocNetGroup::SetStat is a CSocNetGroup::Update: it fires OnSocNetGroupUpdate even when no field changes.
    store.onSetStat = (groupId) => this.current?.setStat.add(groupId);
  }

  applicationToken(app = 'sandbox-app'): string {
    return createHash('md5').update(`application_token|${app}`).digest('hex');
  }

  memberId(app = 'sandbox-app'): string {
    return createHash('md5').update(`member_id|${app}`).digest('hex');
  }

  bindings(): Binding[] {
    return this.list.map((b) => ({ ...b }));
  }

  deliveries(): DeliveryRecord[] {
    return this.log.map((d) => ({ ...d }));
  }

  offlineRows(): OfflineRow[] {
    return this.queue.all();
  }

  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  reset(): void {
    this.list = [];
    this.nextBindingId = 1;
    this.log = [];
    this.deliverySeq = 0;
    this.queue.reset();
    this.dropDeliveries = false;
    this.current = undefined;
  }

  // ---- bindings (used by methods/event.ts) ----

  addBinding(b: Omit<Binding, 'id'>): Binding | undefined {
    const dup = this.list.some(
      (x) =>
        x.appId === b.appId &&
        x.event === b.event &&
        x.offline === b.offline &&
        x.handler === b.handler &&
        x.connectorId === b.connectorId &&
        x.userId === b.userId,
    );
    if (dup) return undefined;
    const rec = { id: this.nextBindingId++, ...b };
    this.list.push(rec);
    return rec;
  }

  removeBindings(match: (b: Binding) => boolean): number {
    const before = this.list.length;
    this.list = this.list.filter((b) => !match(b));
    return before - this.list.length;
  }

  // ---- one REST hit (a call or a whole batch: the proxy's processed-ID list lives per PHP hit) ----

  /**
   * Called by the server before a method or batch runs; the returned function is called once it has run. Method
   * execution is synchronous, so the before/after snapshots bracket exactly this hit's writes.
   */
  beginHit(caller: UserRecord, token: TokenRecord, connector: string): () => void {
    if (this.list.length === 0) {
      this.current = undefined;
      return () => undefined;
    }
    const hit: Hit = { caller, token, connector, before: this.snapshot(), setStat: new Set() };
    this.current = hit;
    return () => {
      if (this.current === hit) this.current = undefined;
      this.fire(hit);
    };
  }

  private snapshot(): Map<number, string> {
    return new Map(this.store.groups().map((g) => [g.id, JSON.stringify(g)]));
  }

  /**
   * Per app the proxy keeps the IDs it processed in this hit: Add pushes the ID and swallows the owner relation's
   * SetStat update; several updates of one group send one Update; Delete is never de-duplicated.
   */
  private fire(hit: Hit): void {
    const after = this.snapshot();
    const added = [...after.keys()].filter((id) => !hit.before.has(id));
    const deleted = [...hit.before.keys()].filter((id) => !after.has(id));
    const changed = [...after.keys()].filter(
      (id) => hit.before.has(id) && (hit.before.get(id) !== after.get(id) || hit.setStat.has(id)),
    );
    const events: { name: GroupEventName; groupId: number }[] = [
      ...added.map((groupId) => ({ name: 'ONSONETGROUPADD' as const, groupId })),
      ...changed.map((groupId) => ({ name: 'ONSONETGROUPUPDATE' as const, groupId })),
      ...deleted.map((groupId) => ({ name: 'ONSONETGROUPDELETE' as const, groupId })),
    ];
    for (const e of events) this.dispatch(hit, e.name, e.groupId);
  }

  private dispatch(hit: Hit, event: GroupEventName, groupId: number): void {
    const nowMs = this.options.now();
    for (const b of this.list.filter((x) => x.event === event)) {
      if (b.offline) {
        // auth_connector: an app's own writes made with the same connector are not queued back to it.
        if (b.connectorId !== '' && b.appId === hit.token.app && b.connectorId === hit.connector) continue;
        // EVENT_DATA as the proxy builds it: FIELDS.ID is the core event's integer ID.
        this.queue.push(b.appId, b.connectorId, event, { FIELDS: { ID: groupId } }, hit.caller.id, nowMs);
      } else {
        this.deliver(hit, b, event, groupId, nowMs);
      }
    }
  }

  private deliver(hit: Hit, b: Binding, event: GroupEventName, groupId: number, nowMs: number): void {
    const record: DeliveryRecord = { seq: ++this.deliverySeq, handlerId: b.id, handler: b.handler, event, groupId, outcome: 'dropped' };
    this.log.push(record);
    if (this.dropDeliveries) return;
    const base = this.options.baseUrl();
    // Sender::call: a handler bound with a user gets that user's token, otherwise the token of whoever caused it.
    const userId = b.userId > 0 ? b.userId : hit.caller.id;
    const accessToken = `evt-${randomBytes(12).toString('hex')}-${++this.tokenSeq}`;
    this.store.addToken(accessToken, userId, { scopes: hit.token.scopes, app: b.appId });
    const payload = {
      event,
      event_handler_id: String(b.id),
      data: { FIELDS: { ID: String(groupId) } },
      ts: String(Math.floor(nowMs / 1000)),
      auth: {
        access_token: accessToken,
        expires_in: '3600',
        scope: hit.token.scopes.join(','),
        domain: new URL(base).host,
        server_endpoint: 'https://oauth.bitrix.info/rest/',
        status: 'L',
        client_endpoint: `${base}/rest/`,
        member_id: this.memberId(b.appId),
        application_token: this.applicationToken(b.appId),
      },
    };
    const body = qs.stringify(payload);
    // The queue server posts after the hit has answered; failures are logged and never retried.
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() =>
        fetch(b.handler, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        }),
      )
      .then(
        async (res) => {
          await res.arrayBuffer().catch(() => undefined);
          record.httpStatus = res.status;
          record.outcome = res.ok ? 'delivered' : 'failed';
        },
        () => {
          record.outcome = 'failed';
        },
      )
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  // ---- control endpoint: GET /sandbox/events, POST /sandbox/events {"drop": boolean} ----

  /** Answers the /sandbox/events routes; false when the route is not one of them. */
  handleControl(route: string, body: Buffer, res: ServerResponse): boolean {
    if (route === 'GET /sandbox/events') {
      sendControl(res, 200, this.state());
      return true;
    }
    if (route !== 'POST /sandbox/events') return false;
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const drop = isPlainObject(parsed) ? parsed.drop : undefined;
    if (typeof drop !== 'boolean') {
      sendControl(res, 400, { error: 'BAD_REQUEST', error_description: 'Body must be {"drop": true|false}' });
      return true;
    }
    this.dropDeliveries = drop;
    sendControl(res, 200, this.state());
    return true;
  }

  private state(): Record<string, unknown> {
    return { drop: this.dropDeliveries, bindings: this.bindings(), deliveries: this.deliveries(), offline: this.offlineRows() };
  }
}
