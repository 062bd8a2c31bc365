/**
 * event.bind / event.unbind / event.get and event.offline.get / .clear / .error, as the portal's REST event API
 * behaves (docs/events.md, "Sandbox"). All are global-scope methods; which events a token may bind depends on
 * its scopes.
 */
import { formatIso } from '../dates.js';
import { RestError } from '../envelope.js';
import type { MethodResult } from '../envelope.js';
import { assertHandlerUrl } from '../portal-events/handler-url.js';
import { scopeOfEvent } from '../portal-events/hub.js';
import type { Binding } from '../portal-events/hub.js';
import { newProcessId } from '../portal-events/offline-queue.js';
import type { OfflineRow, Selection } from '../portal-events/offline-queue.js';
import { isPhpArray, isPlainObject, phpIntval, phpValues, upperKeys } from '../php-query.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';

/** Bitrix\Main\ArgumentNullException's message, surfaced by REST as ERROR_ARGUMENT. */
const argumentNull = (name: string): RestError =>
  new RestError('ERROR_ARGUMENT', `Argument '${name}' is null or empty`, 400);
const argumentError = (message: string): RestError => new RestError('ERROR_ARGUMENT', message, 400);
const accessDenied = (text: string): RestError => new RestError('ACCESS_DENIED', text, 403);

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** EVENT uppercased, EVENT_TYPE lowercased (default online), as the event controller normalises them. */
function readEventParams(ctx: MethodContext): { p: Record<string, unknown>; event: string; offline: boolean } {
  const p = upperKeys(ctx.params);
  const event = text(p.EVENT).toUpperCase();
  if (event === '') throw argumentNull('EVENT');
  const type = p.EVENT_TYPE === undefined ? 'online' : text(p.EVENT_TYPE).toLowerCase();
  if (type !== 'online' && type !== 'offline') throw argumentError('Value must be one of {online|offline}');
  return { p, event, offline: type === 'offline' };
}

function eventBind(ctx: MethodContext): MethodResult {
  const { p, event, offline } = readEventParams(ctx);
  const scope = scopeOfEvent(event);
  if (scope === undefined || !ctx.token.scopes.includes(scope)) {
    throw new RestError('ERROR_EVENT_NOT_FOUND', 'Event not found', 400);
  }
  const admin = isModuleAdmin(ctx);
  let handler = '';
  let userId = 0;
  if (offline) {
    if (!admin) throw accessDenied('Access denied! Offline events binding requires administrator access rights');
  } else {
    handler = text(p.HANDLER);
    if (handler === '') throw argumentNull('HANDLER');
    assertHandlerUrl(handler);
    const authType = p.AUTH_TYPE === undefined ? undefined : phpIntval(p.AUTH_TYPE);
    if (!admin && authType !== undefined && authType !== 0 && authType !== ctx.user.id) {
      throw accessDenied('Access denied! Event binding with AUTH_TYPE requires administrator access rights');
    }
    // A non-admin's handler is silently stored as authorized by the binder (Sender::call then uses their token).
    userId = admin ? (authType ?? 0) : ctx.user.id;
  }
  const added = ctx.events.addBinding({
    appId: ctx.token.app,
    event,
    handler,
    userId,
    offline,
    connectorId: offline ? ctx.authConnector : '',
  });
  if (!added) throw new RestError('ERROR_HANDLER_ALREADY_EXIST', 'Handler already exists!', 400);
  return { result: true };
}

function eventUnbind(ctx: MethodContext): MethodResult {
  const { p, event, offline } = readEventParams(ctx);
  const handler = text(p.HANDLER);
  // The source requires HANDLER for an online unbind (the docs' "no parameters deletes all" does not hold).
  if (!offline && handler === '') throw argumentNull('HANDLER');
  const admin = isModuleAdmin(ctx);
  const authType = p.AUTH_TYPE === undefined ? undefined : phpIntval(p.AUTH_TYPE);
  const app = ctx.token.app;
  const count = ctx.events.removeBindings(
    (b: Binding) =>
      b.appId === app &&
      b.event === event &&
      b.offline === offline &&
      (offline ? b.connectorId === ctx.authConnector : b.handler === handler) &&
      (admin ? authType === undefined || b.userId === authType : b.userId === ctx.user.id),
  );
  return { result: { count } };
}

function eventGet(ctx: MethodContext): MethodResult {
  const app = ctx.token.app;
  const admin = isModuleAdmin(ctx);
  const result = ctx.events
    .bindings()
    .filter((b) => b.appId === app && (admin || b.userId === ctx.user.id))
    .sort((a, b) => a.id - b.id)
    .map((b) =>
      b.offline
        ? { event: b.event, connector_id: b.connectorId, offline: 1 }
        : { event: b.event, handler: b.handler, auth_type: String(b.userId), offline: 0 },
    );
  return { result };
}

// ---- offline queue ----

const FILTER_FIELDS: Record<string, (r: OfflineRow) => string | number> = {
  ID: (r) => r.id,
  TIMESTAMP_X: (r) => r.timestampMs,
  EVENT_NAME: (r) => r.eventName,
  MESSAGE_ID: (r) => r.messageId,
};
const FILTER_OPS = ['>=', '<=', '=', '>', '<', '@', '%', ''] as const;

function comparable(field: string, v: unknown): string | number {
  if (field === 'ID') return phpIntval(v);
  if (field === 'TIMESTAMP_X') {
    const ms = Date.parse(text(v));
    return Number.isNaN(ms) ? 0 : ms;
  }
  return text(v);
}

/** filter on ID, TIMESTAMP_X, EVENT_NAME, MESSAGE_ID with the operation before the field name. */
function offlineFilter(raw: unknown): (r: OfflineRow) => boolean {
  if (!isPlainObject(raw)) return () => true;
  const tests: ((r: OfflineRow) => boolean)[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const op = FILTER_OPS.find((o) => key.startsWith(o) && FILTER_FIELDS[key.slice(o.length).toUpperCase()] !== undefined);
    if (op === undefined) throw argumentError(`Filter operation not allowed: ${key}`);
    const field = key.slice(op.length).toUpperCase();
    const get = FILTER_FIELDS[field] as (r: OfflineRow) => string | number;
    if (op === '@') {
      const set = (isPhpArray(value) ? phpValues(value) : [value]).map((v) => comparable(field, v));
      tests.push((r) => set.includes(get(r)));
      continue;
    }
    const want = comparable(field, value);
    tests.push((r) => {
      const have = get(r);
      switch (op) {
        case '>':
          return have > want;
        case '<':
          return have < want;
        case '>=':
          return have >= want;
        case '<=':
          return have <= want;
        case '%':
          return String(have).toLowerCase().includes(String(want).toLowerCase());
        default:
          return have === want;
      }
    });
  }
  return (r) => tests.every((t) => t(r));
}

function offlineOrder(raw: unknown): (a: OfflineRow, b: OfflineRow) => number {
  const entries = isPlainObject(raw) ? Object.entries(raw) : [['TIMESTAMP_X', 'ASC']];
  const keys = entries.flatMap(([k, dir]) => {
    const get = FILTER_FIELDS[k.toUpperCase()];
    return get ? [{ get, asc: text(dir).toUpperCase() !== 'DESC' }] : [];
  });
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      if (x !== y) return (x < y ? -1 : 1) * (k.asc ? 1 : -1);
    }
    return a.id - b.id;
  };
}

function requireAdmin(ctx: MethodContext): void {
  if (!isModuleAdmin(ctx)) throw accessDenied('Access denied!');
}

function eventOfflineGet(ctx: MethodContext): MethodResult {
  requireAdmin(ctx);
  const p = upperKeys(ctx.params);
  const limit = p.LIMIT === undefined ? 50 : phpIntval(p.LIMIT);
  // The reference says only "must be > 0"; the sandbox answers the core's ArgumentException shape.
  if (limit <= 0) throw argumentError('Value must be greater than 0');
  const clear = p.CLEAR === undefined ? true : phpIntval(p.CLEAR) !== 0;
  const sel: Selection = {
    appId: ctx.token.app,
    connectorId: ctx.authConnector,
    error: phpIntval(p.ERROR) === 1,
    limit,
    filter: offlineFilter(p.FILTER),
    compare: offlineOrder(p.ORDER),
  };
  const queue = ctx.events.queue;
  let processId: string | null = null;
  let rows: OfflineRow[];
  if (clear) {
    rows = queue.take(sel);
  } else {
    processId = text(p.PROCESS_ID) || newProcessId();
    rows = queue.reserve(sel, processId);
  }
  const events = rows.map((r) => ({
    ID: String(r.id),
    TIMESTAMP_X: formatIso(r.timestampMs, ctx.offsetMinutes),
    EVENT_NAME: r.eventName,
    EVENT_DATA: r.eventData,
    EVENT_ADDITIONAL: r.eventAdditional,
    MESSAGE_ID: r.messageId,
  }));
  return { result: { process_id: processId, events } };
}

function stringList(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return (isPhpArray(v) ? phpValues(v) : [v]).map(text);
}

function eventOfflineClear(ctx: MethodContext): MethodResult {
  const p = upperKeys(ctx.params);
  const processId = text(p.PROCESS_ID);
  if (processId === '') throw argumentNull('PROCESS_ID');
  const ids = stringList(p.ID)?.map((x) => phpIntval(x));
  ctx.events.queue.clear(ctx.token.app, processId, ids, ids === undefined ? stringList(p.MESSAGE_ID) : undefined);
  return { result: true };
}

function eventOfflineError(ctx: MethodContext): MethodResult {
  const p = upperKeys(ctx.params);
  const processId = text(p.PROCESS_ID);
  if (processId === '') throw argumentNull('PROCESS_ID');
  ctx.events.queue.markError(ctx.token.app, processId, stringList(p.MESSAGE_ID) ?? []);
  return { result: true };
}

export const eventMethods: Record<string, MethodDef> = {
  'event.bind': { scope: null, handler: eventBind },
  'event.unbind': { scope: null, handler: eventUnbind },
  'event.get': { scope: null, handler: eventGet },
  'event.offline.get': { scope: null, handler: eventOfflineGet },
  'event.offline.clear': { scope: null, handler: eventOfflineClear },
  'event.offline.error': { scope: null, handler: eventOfflineError },
};
