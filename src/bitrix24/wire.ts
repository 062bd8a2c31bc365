/**
 * The Bitrix24 REST envelopes, and the one function that turns an HTTP answer into data or a Bitrix24Error.
 * See docs/bitrix24-protocol.md §2, §3 and §5.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';

export interface Bitrix24Time {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  /** Cloud only: unix seconds when the oldest operating-time bucket expires. */
  operating_reset_at?: number;
  /** Cloud only: seconds of method time spent in the 10-minute window. */
  operating?: number;
}

/** What one method call produced, with Bitrix24's list navigation when the method pages. */
export interface CallResult<T = unknown> {
  result: T;
  total?: number | undefined;
  next?: number | undefined;
  time?: Bitrix24Time | undefined;
}

export interface ErrorEnvelope {
  error: string;
  error_description?: string;
  [extra: string]: unknown;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bitrix24 sends numbers for `total`/`next`, but older code paths send numeric strings. */
export function toOptionalInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  // `error` may legitimately be "" (every sonet_group.* business error in 23.x), so test presence, not truthiness.
  return isObject(value) && 'error' in value && !('result' in value) && (typeof value.error === 'string' || typeof value.error === 'number');
}

export function errorFromEnvelope(envelope: ErrorEnvelope, method: string, httpStatus: number | undefined): Bitrix24Error {
  const time = isObject(envelope.time) ? envelope.time : undefined;
  return new Bitrix24Error({
    kind: 'api',
    code: String(envelope.error),
    description: typeof envelope.error_description === 'string' ? envelope.error_description : '',
    method,
    httpStatus,
    operatingResetAt: toOptionalInt(time?.operating_reset_at ?? envelope.operating_reset_at),
  });
}

function protocolError(method: string, httpStatus: number, what: string): Bitrix24Error {
  return new Bitrix24Error({
    kind: 'protocol',
    code: LocalErrorCode.protocol,
    description: `the portal answered HTTP ${httpStatus} with ${what}, which is not the Bitrix24 REST protocol`,
    method,
    httpStatus,
  });
}

/** Describes a body that failed to parse without echoing it (an HTML page could reflect request data). */
function describeBadBody(text: string, contentType: string | undefined): string {
  if (text.trim() === '') return 'an empty body';
  if (/html/i.test(contentType ?? '') || /^\s*</.test(text)) return 'an HTML page';
  return `a body that is not valid JSON (${text.length} bytes)`;
}

/**
 * Parses one HTTP answer of `POST /rest/{method}.json`. Decides by the Bitrix24 `error` key, not by status alone:
 * `batch` answers 200 even when every command failed, and statuses differ between cloud and self-hosted portals.
 */
export function parseAnswer(method: string, httpStatus: number, contentType: string | undefined, text: string): CallResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw protocolError(method, httpStatus, describeBadBody(text, contentType));
  }
  if (isErrorEnvelope(body)) throw errorFromEnvelope(body, method, httpStatus);
  if (!isObject(body) || !('result' in body)) {
    throw protocolError(method, httpStatus, 'JSON without "result" or "error"');
  }
  if (httpStatus >= 400) {
    // A success envelope with an error status is not something Bitrix24 sends; trust neither half.
    throw protocolError(method, httpStatus, 'a success envelope under an error status');
  }
  return {
    result: body.result,
    total: toOptionalInt(body.total),
    next: toOptionalInt(body.next),
    time: isObject(body.time) ? (body.time as unknown as Bitrix24Time) : undefined,
  };
}

/**
 * `result_*` maps of a batch answer are PHP arrays: JSON arrays when the keys are exactly 0..n-1, objects
 * otherwise, and `[]` when empty. Index them by command key whatever shape arrived.
 */
export function entryOf(map: unknown, key: string): unknown {
  if (Array.isArray(map)) {
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 ? map[index] : undefined;
  }
  if (isObject(map) && Object.hasOwn(map, key)) return map[key];
  return undefined;
}

export function hasEntry(map: unknown, key: string): boolean {
  if (Array.isArray(map)) {
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 && index < map.length;
  }
  return isObject(map) && Object.hasOwn(map, key);
}

/** One command's outcome inside a batch answer: its own result, or its own error. */
export function batchItem(batchResult: unknown, key: string, method: string): CallResult | Bitrix24Error {
  if (!isObject(batchResult)) {
    return protocolError('batch', 200, 'a batch result that is not an object');
  }
  const errorEntry = entryOf(batchResult.result_error, key);
  if (errorEntry !== undefined) {
    if (isObject(errorEntry) && 'error' in errorEntry) {
      return errorFromEnvelope(errorEntry as ErrorEnvelope, method, undefined);
    }
    // The SDK has seen bare strings here; keep the text as the description.
    return new Bitrix24Error({ kind: 'api', code: 'ERROR_BATCH_ITEM', description: String(errorEntry), method });
  }
  if (!hasEntry(batchResult.result, key)) {
    return protocolError('batch', 200, `a batch answer without an entry for command ${key}`);
  }
  const time = entryOf(batchResult.result_time, key);
  return {
    result: entryOf(batchResult.result, key),
    total: toOptionalInt(entryOf(batchResult.result_total, key)),
    next: toOptionalInt(entryOf(batchResult.result_next, key)),
    time: isObject(time) ? (time as unknown as Bitrix24Time) : undefined,
  };
}
