/** Success and error envelopes (protocol §2, §3.1) and the `time` block. */
import { formatIso } from './dates.js';

/** A wire error: `{error, error_description}` plus the HTTP status used when it is a plain call. */
export class RestError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`);
  }

  body(): ErrorBody {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

export interface ErrorBody {
  error: string;
  error_description: string;
  [k: string]: unknown;
}

/** `throw new RestException($msg)`: error "" and HTTP 400 — every sonet_group.* business error. */
export function businessError(description: string): RestError {
  return new RestError('', description, 400);
}

export function methodNotFound(): RestError {
  return new RestError('ERROR_METHOD_NOT_FOUND', 'Method not found!', 404);
}

export interface TimeBlock {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at: number;
  operating: number;
}

export function timeBlock(
  startMs: number,
  finishMs: number,
  processingMs: number,
  operating: { operatingMs: number; resetAtMs: number },
  offsetMinutes: number,
): TimeBlock {
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration: (finishMs - startMs) / 1000,
    processing: processingMs / 1000,
    date_start: formatIso(startMs, offsetMinutes),
    date_finish: formatIso(finishMs, offsetMinutes),
    operating_reset_at: Math.floor(operating.resetAtMs / 1000),
    operating: operating.operatingMs / 1000,
  };
}

/** What a method returns before it is wrapped. */
export interface MethodResult {
  result: unknown;
  total?: number;
  next?: number;
}

/** Key order as CRestServer builds it: result, next, total, time. */
export function successBody(r: MethodResult, time: TimeBlock): Record<string, unknown> {
  const body: Record<string, unknown> = { result: r.result };
  if (r.next !== undefined) body.next = r.next;
  if (r.total !== undefined) body.total = r.total;
  body.time = time;
  return body;
}
