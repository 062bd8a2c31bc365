/**
 * The HTTP layer: one undici Pool per portal origin, one POST per Bitrix24 call, explicit deadlines.
 * It knows the URL shape and the envelope, nothing about retries or rate limits (see client.ts).
 */
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
  /** Sockets per portal. Bitrix24 meters requests, not sockets, so a few are plenty. */
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
  connectionsPerPortal: 8,
  maxResponseBytes: 20 * 1024 * 1024,
  userAgent: 'bitrix24-graphql-gateway/0.1',
};

export interface PostOptions {
  signal?: AbortSignal | undefined;
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
    const deadline = AbortSignal.timeout(this.options.requestTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
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
        signal,
      });
      status = response.statusCode;
      const header = response.headers['content-type'];
      contentType = Array.isArray(header) ? header[0] : header;
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.options.maxResponseBytes) {
        await response.body.dump();
        throw this.tooLarge(method, status, `the answer declares ${declared} bytes`);
      }
      // Counted whatever the headers say: a chunked answer has no Content-Length, and a declared one may lie.
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.options.maxResponseBytes) {
          response.body.destroy();
          throw this.tooLarge(method, status, `the answer exceeds ${this.options.maxResponseBytes} bytes`);
        }
        chunks.push(chunk);
      }
      text = Buffer.concat(chunks, size).toString('utf8');
    } catch (error) {
      throw this.transportError(error, method, options.signal, deadline);
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

  private tooLarge(method: string, status: number, detail: string): Bitrix24Error {
    return new Bitrix24Error({
      kind: 'protocol',
      code: LocalErrorCode.protocol,
      description: `${detail}, above the ${this.options.maxResponseBytes}-byte limit`,
      method,
      httpStatus: status,
    });
  }

  private transportError(error: unknown, method: string, callerSignal: AbortSignal | undefined, deadline: AbortSignal): Bitrix24Error {
    if (error instanceof Bitrix24Error) return error;
    // The deadline is our own native signal: when it fired, this was a timeout, whatever else happened.
    if (deadline.aborted) {
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
