/**
 * The HTTP layer: one undici Pool per portal origin, one POST per Bitrix24 call, explicit deadlines.
 * It knows the URL shape and the envelope, nothing about retries or rate limits (see client.ts).
 */
import { EventEmitter } from 'node:events';
import { Pool, errors as undiciErrors } from 'undici';
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import { parseAnswer, type CallResult } from './wire.js';

export interface TransportOptions {
  /** TCP/TLS connect deadline. */
  connectTimeoutMs: number;
  /** Deadline for the response headers once the request is sent. */
  headersTimeoutMs: number;
  /** Deadline between body chunks. */
  bodyTimeoutMs: number;
  /** Whole-request deadline (Bitrix24 cloud cuts a request at 60 s, so waiting longer is pointless). */
  requestTimeoutMs: number;
  /**
   * Sockets per portal. Bitrix24 meters requests, not sockets, so more sockets spend no budget; with 8, concurrent
   * callers queued for a socket (docs/performance.md).
   */
  connectionsPerPortal: number;
  /** Largest answer accepted, in bytes. */
  maxResponseBytes: number;
  userAgent: string;
}

export const DEFAULT_TRANSPORT_OPTIONS: TransportOptions = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  requestTimeoutMs: 30_000,
  connectionsPerPortal: 32,
  maxResponseBytes: 20 * 1024 * 1024,
  userAgent: 'bitrix24-graphql-gateway/0.1',
};

export interface PostOptions {
  signal?: AbortSignal | undefined;
}

/**
 * One upstream request's cancellation: its whole-request deadline, or the caller going away, whichever comes first.
 * undici takes an EventEmitter that emits 'abort' as a request's signal (its documented `signal` option), so this is
 * one: cheaper to make per request than an AbortController, whose EventTarget machinery, plus
 * `AbortSignal.any([callerSignal, AbortSignal.timeout(ms)])`, showed in every profile (docs/performance.md). One
 * timer, cleared when the request ends, and one listener on the caller's signal.
 */
class RequestDeadline extends EventEmitter {
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: (() => void) | undefined;
  /** Read by undici, as on an AbortSignal. */
  aborted = false;
  reason: unknown = undefined;
  /** True once the deadline fired (and not the caller's signal). */
  timedOut = false;

  constructor(
    timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    super();
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort(new DOMException('The upstream request timed out', 'TimeoutError'));
    }, timeoutMs);
    if (callerSignal?.aborted) {
      this.abort(callerSignal.reason);
    } else if (callerSignal) {
      this.onCallerAbort = () => this.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  private abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** The request is over: stop the timer and stop following the caller. */
  clear(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

/** `https://portal.example/` → `https://portal.example`; keeps a path prefix if the portal lives under one. */
function restBase(portal: URL): string {
  return `${portal.pathname.replace(/\/+$/, '')}/rest/`;
}

export class Bitrix24Transport {
  private readonly pools = new Map<string, Pool>();
  private readonly options: TransportOptions;

  constructor(options: Partial<TransportOptions> = {}) {
    this.options = { ...DEFAULT_TRANSPORT_OPTIONS, ...options };
    for (const [name, value] of Object.entries(this.options)) {
      if (name !== 'userAgent' && (typeof value !== 'number' || !(value > 0))) {
        throw new TypeError(`Bitrix24Transport option ${name} must be a positive number; received ${String(value)}`);
      }
    }
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', accept: 'application/json', 'user-agent': this.options.userAgent };
  }

  private pool(portal: URL): Pool {
    let pool = this.pools.get(portal.origin);
    if (!pool) {
      pool = new Pool(portal.origin, {
        connections: this.options.connectionsPerPortal,
        connectTimeout: this.options.connectTimeoutMs,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
        // Counted by undici as the bytes arrive, whatever the headers say (a chunked answer has no Content-Length,
        // and a declared one may lie): past the cap it destroys the socket with UND_ERR_RES_EXCEEDED_MAX_SIZE.
        maxResponseSize: this.options.maxResponseBytes,
      });
      this.pools.set(portal.origin, pool);
    }
    return pool;
  }

  /**
   * POST `{portal}/rest/{method}.json` with a JSON body. The token travels in the body as `auth`, never in the URL,
   * where proxies and access logs would keep it.
   */
  async post(portal: URL, method: string, params: Record<string, unknown>, token: string, options: PostOptions = {}): Promise<CallResult> {
    const deadline = new RequestDeadline(this.options.requestTimeoutMs, options.signal);
    const path = `${restBase(portal)}${encodeURIComponent(method)}.json`;
    let status: number;
    let contentType: string | undefined;
    let text: string;
    try {
      const response = await this.pool(portal).request({
        method: 'POST',
        path,
        headers: this.headers(),
        body: JSON.stringify({ ...params, auth: token }),
        signal: deadline,
      });
      status = response.statusCode;
      const header = response.headers['content-type'];
      contentType = Array.isArray(header) ? header[0] : header;
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.options.maxResponseBytes) {
        await response.body.dump();
        throw this.tooLarge(method, status, `the answer declares ${declared} bytes`);
      }
      // The pool's maxResponseSize bounds what text() may collect (one read, no per-chunk loop of our own).
      text = await response.body.text();
    } catch (error) {
      throw this.transportError(error, method, options.signal, deadline.timedOut);
    } finally {
      deadline.clear();
    }
    return parseAnswer(method, status, contentType, text);
  }

  /**
   * Is the portal there and speaking Bitrix24? An unauthenticated call answers with the protocol's own error
   * envelope (NO_AUTH_FOUND), which is enough: readiness must not need a user's token.
   */
  async probe(portal: URL, timeoutMs = 3_000): Promise<{ ok: boolean; detail: string }> {
    try {
      const response = await this.pool(portal).request({
        method: 'POST',
        path: `${restBase(portal)}server.time.json`,
        headers: this.headers(),
        body: '{}',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.body.text();
      try {
        const body = JSON.parse(text) as Record<string, unknown>;
        if ('result' in body || 'error' in body) return { ok: true, detail: `reachable (HTTP ${response.statusCode})` };
      } catch {
        // fall through: not the protocol
      }
      return { ok: false, detail: `answers HTTP ${response.statusCode} without the Bitrix24 protocol` };
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : (error as Error).name;
      return { ok: false, detail: `unreachable (${code})` };
    }
  }

  private tooLarge(method: string, status: number | undefined, detail: string): Bitrix24Error {
    return new Bitrix24Error({
      kind: 'protocol',
      code: LocalErrorCode.protocol,
      description: `${detail}, above the ${this.options.maxResponseBytes}-byte limit`,
      method,
      httpStatus: status,
    });
  }

  private transportError(error: unknown, method: string, callerSignal: AbortSignal | undefined, timedOut: boolean): Bitrix24Error {
    if (error instanceof Bitrix24Error) return error;
    if ((error as { code?: unknown }).code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
      return this.tooLarge(method, undefined, `the answer exceeds ${this.options.maxResponseBytes} bytes`);
    }
    // The deadline is our own timer: when it fired, this was a timeout, whatever else happened.
    if (timedOut) {
      return new Bitrix24Error({ kind: 'timeout', code: LocalErrorCode.timeout, description: 'the portal did not answer in time', method, cause: error });
    }
    // The caller's signal comes from the HTTP server (yoga's request.signal). Some implementations set `reason` but
    // leave `aborted` false, so also read an AbortError as the caller leaving. Misfiled as a network error, the
    // retry policy would send the request again for nobody.
    const name = (error as { name?: unknown }).name;
    if (callerSignal && (callerSignal.aborted || callerSignal.reason !== undefined || name === 'AbortError' || name === 'RequestAbortedError')) {
      return new Bitrix24Error({ kind: 'aborted', code: LocalErrorCode.aborted, description: 'the caller went away', method, cause: error });
    }
    if (
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError
    ) {
      return new Bitrix24Error({ kind: 'timeout', code: LocalErrorCode.timeout, description: 'the portal did not answer in time', method, cause: error });
    }
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown';
    return new Bitrix24Error({
      kind: 'network',
      code: LocalErrorCode.network,
      description: `the connection to the portal failed (${code})`,
      method,
      cause: error,
    });
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
