/**
 * The Bitrix24 REST client: policy layered over the transport, as undici layers dispatchers.
 *   transport  (Pool per portal, deadlines, envelope parsing)
 *   limiter    (per-portal leaky bucket mirroring upstream, FIFO, bounded wait and queue, method blocks)
 *   retry      (one pure decision function; undici's own retry never retries POST, and every call here is a POST)
 * Sessions (session.ts) sit on top and coalesce one GraphQL request's calls into batches.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import { withHeadroom } from './leaky-bucket.js';
import { PortalLimiter, type LimiterOptions } from './limiter.js';
import { DEFAULT_RETRY_OPTIONS, OPERATION_TIME_LIMIT, decideRetry, methodBlockUntil, type RetryOptions } from './retry-policy.js';
import { Bitrix24Session, type Bitrix24Sender, type SendRequest, type SessionOptions } from './session.js';
import { Bitrix24Transport, type TransportOptions } from './transport.js';
import type { Bitrix24Time, CallResult } from './wire.js';

export type UpstreamOutcome = 'ok' | 'api_error' | 'timeout' | 'network' | 'protocol' | 'aborted' | 'rate_limited';

export interface Bitrix24ClientHooks {
  /** One HTTP request to a portal finished (each retry counts). */
  onUpstreamRequest?(method: string, outcome: UpstreamOutcome, durationMs: number, errorCode?: string): void;
  /** A session sent one HTTP request carrying this many calls. */
  onBatch?(callCount: number): void;
  /** A failed request will be retried after delayMs; errorCode is the Bitrix24 or local code that failed it. */
  onRetry?(method: string, errorCode: string, delayMs: number): void;
}

export interface Bitrix24ClientOptions {
  transport?: Partial<TransportOptions>;
  limiter?: Partial<LimiterOptions>;
  retry?: Partial<RetryOptions>;
  hooks?: Bitrix24ClientHooks;
  now?: () => number;
}

export const DEFAULT_LIMITER_OPTIONS: LimiterOptions = {
  rate: { burst: 50, perSecond: 2 },
  maxWaitMs: 20_000,
  maxQueue: 1_000,
};

function outcomeOf(error: Bitrix24Error): UpstreamOutcome {
  return error.kind === 'api' ? 'api_error' : error.kind;
}

const MAX_KNOWN_RESETS = 10_000;
const resetKey = (portalOrigin: string, method: string): string => `${portalOrigin} ${method}`;

export class Bitrix24Client implements Bitrix24Sender {
  readonly transport: Bitrix24Transport;
  readonly limiter: PortalLimiter;
  private readonly retry: RetryOptions;
  private readonly hooks: Bitrix24ClientHooks;
  private readonly now: () => number;
  /**
   * `portal method` → the `operating_reset_at` (unix seconds) of the portal's last successful answer to that method.
   * Bitrix24 gives the reset time on success only, so this is where a later OPERATION_TIME_LIMIT learns how long to
   * hold the method. Bounded: methods are the gateway's own, portals the allowed ones; cleared if it ever grows past
   * MAX_KNOWN_RESETS.
   */
  private readonly operatingResets = new Map<string, number>();

  constructor(options: Bitrix24ClientOptions = {}) {
    this.transport = new Bitrix24Transport(options.transport);
    this.now = options.now ?? Date.now;
    const limiterOptions = { ...DEFAULT_LIMITER_OPTIONS, now: this.now, ...options.limiter };
    // Configured with the portal's bucket; shapes to slightly less of it (see withHeadroom).
    this.limiter = new PortalLimiter({ ...limiterOptions, rate: limiterOptions.rate === 'off' ? 'off' : withHeadroom(limiterOptions.rate) });
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.hooks = options.hooks ?? {};
  }

  /** A session for one caller on one portal; create one per GraphQL request. */
  session(portal: URL, token: string, options: SessionOptions = {}): Bitrix24Session {
    const onBatch = this.hooks.onBatch;
    return new Bitrix24Session(this, portal, token, {
      ...options,
      onFlush: (count) => {
        onBatch?.(count);
        options.onFlush?.(count);
      },
    });
  }

  /** One HTTP request, shaped by the limiter and retried by the policy. */
  async send(request: SendRequest): Promise<CallResult> {
    const portalKey = request.portal.origin;
    for (let attempt = 1; ; attempt += 1) {
      // A retry is a follow-up too: its operation already spent upstream time.
      await this.limiter.acquire(portalKey, request.methods, { signal: request.signal, followUp: request.followUp === true || attempt > 1 });
      const started = this.now();
      try {
        const answer = await this.transport.post(request.portal, request.method, request.params, request.token, {
          signal: request.signal,
        });
        this.hooks.onUpstreamRequest?.(request.method, 'ok', this.now() - started);
        // A batch's own `time` is not metered; its commands' times come through noteAnswerTime (session.ts).
        if (request.method !== 'batch') this.noteAnswerTime(request.portal, request.method, answer.time);
        return answer;
      } catch (error) {
        if (!(error instanceof Bitrix24Error)) throw error;
        this.hooks.onUpstreamRequest?.(request.method, outcomeOf(error), this.now() - started, error.code);
        if (error.code === 'QUERY_LIMIT_EXCEEDED') await this.limiter.markExhausted(portalKey);
        const decision = decideRetry({ error, attempt, isWrite: request.isWrite }, this.retry);
        if (decision.action === 'give-up') {
          // Record the block even when giving up, or the next caller would spend a request on the same 429.
          if (error.code === OPERATION_TIME_LIMIT) await this.blockOperatingTime(portalKey, request.methods, error);
          throw error;
        }
        if (decision.action === 'block-method') {
          await this.blockOperatingTime(portalKey, request.methods, error);
          // The next acquire() waits for the block or refuses at once with RATE_LIMITED when it is too far away.
          continue;
        }
        this.hooks.onRetry?.(request.method, error.code, decision.delayMs);
        try {
          await sleep(decision.delayMs, undefined, { signal: request.signal });
        } catch {
          throw new Bitrix24Error({
            kind: 'aborted',
            code: LocalErrorCode.aborted,
            description: 'the caller went away while waiting to retry',
            method: request.method,
          });
        }
      }
    }
  }

  /**
   * OPERATION_TIME_LIMIT arrives item-level inside a batch (the outer batch is not metered). Block that method on
   * that portal until operating_reset_at, or every following request would spend a slot on the same refusal.
   */
  noteItemError(portal: URL, error: Bitrix24Error): void {
    if (error.code === OPERATION_TIME_LIMIT) void this.blockOperatingTime(portal.origin, [error.method], error);
  }

  /**
   * OPERATION_TIME_LIMIT: hold each of `methods` on the portal until the error's own reset, else the reset that
   * portal last gave for that method (a batch's commands each have their own; `batch` itself is never metered).
   */
  private async blockOperatingTime(portalKey: string, methods: readonly string[], error: Bitrix24Error): Promise<void> {
    for (const method of methods) {
      await this.limiter.blockMethod(portalKey, method, methodBlockUntil(error, this.now(), this.operatingResets.get(resetKey(portalKey, method))));
    }
  }

  /** A call answered: remember the operating-time reset it reported for its method (see operatingResets). */
  noteAnswerTime(portal: URL, method: string, time: Bitrix24Time | undefined): void {
    const resetAt = time?.operating_reset_at;
    if (typeof resetAt !== 'number' || !Number.isFinite(resetAt)) return;
    if (this.operatingResets.size >= MAX_KNOWN_RESETS) this.operatingResets.clear();
    this.operatingResets.set(resetKey(portal.origin, method), resetAt);
  }

  /** Readiness: is the portal reachable and speaking the protocol? (No token; see Bitrix24Transport.probe.) */
  probe(portal: URL): Promise<{ ok: boolean; detail: string }> {
    return this.transport.probe(portal);
  }

  async close(): Promise<void> {
    await this.transport.close();
    await this.limiter.close();
  }
}
