/**
 * A Bitrix24 session: one caller's token on one portal, for the life of one GraphQL request.
 *
 * Calls issued in the same tick leave as one HTTP request: a plain call when alone, otherwise `batch` requests of
 * up to 50 commands each (ceil(n/50) of them, sent concurrently). Bitrix24 meters HTTP requests, not calls, so this
 * is what brings an operation down to its floor.
 *
 * The window closes on setImmediate, not on a microtask or nextTick: DataLoader dispatches each loader's batch from
 * a nextTick queued after a resolved promise, so several loaders of one GraphQL level dispatch in several ticks of
 * the same turn. A nextTick window would close after the first loader and send the others as separate requests.
 */
import { Bitrix24Error, withoutToken } from './errors.js';
import { encodeBatchCommand, type Params } from './encode.js';
import { batchItem, type Bitrix24Time, type CallResult } from './wire.js';

/** Bitrix24 runs at most 50 commands per batch (CRestUtil::BATCH_MAX_LENGTH); the 51st fails item-level. */
export const BATCH_MAX_COMMANDS = 50;

export interface CallOptions {
  /** The call changes data upstream: never retried after it may have run (timeouts, dropped connections). */
  write?: boolean;
}

/** What a session needs from below: one HTTP request for one method. */
export interface Bitrix24Sender {
  send(request: SendRequest): Promise<CallResult>;
  /** A command inside a batch failed on its own (the batch itself succeeded): lets the policy learn from it. */
  noteItemError?(portal: URL, error: Bitrix24Error): void;
  /** A command inside a batch answered: its `time` (operating-time figures) for the policy. */
  noteAnswerTime?(portal: URL, method: string, time: Bitrix24Time | undefined): void;
}

export interface SendRequest {
  portal: URL;
  token: string;
  method: string;
  params: Params;
  /** The methods this HTTP request runs: `[method]`, or the commands of a batch. */
  methods: readonly string[];
  isWrite: boolean;
  signal?: AbortSignal | undefined;
  /** The session already sent a request: its operation is under way, so the limiter lets this one go first. */
  followUp?: boolean;
}

interface PendingCall {
  method: string;
  params: Params;
  write: boolean;
  resolve: (result: CallResult) => void;
  reject: (error: unknown) => void;
}

export interface SessionOptions {
  signal?: AbortSignal | undefined;
  /** Observes each HTTP request the session sends, for metrics: the number of calls it carried. */
  onFlush?: (callCount: number) => void;
}

export class Bitrix24Session {
  private pending: PendingCall[] = [];
  private flushScheduled = false;
  /** Set by the first flush: every later request belongs to an operation already under way (see SendRequest). */
  private sentBefore = false;

  constructor(
    private readonly sender: Bitrix24Sender,
    readonly portal: URL,
    private readonly token: string,
    private readonly options: SessionOptions = {},
  ) {
    if (typeof token !== 'string' || token === '') {
      throw new TypeError('Bitrix24Session needs a non-empty caller token; the gateway never calls Bitrix24 without one');
    }
  }

  /** Queues one REST call; it leaves with every other call made in this tick. */
  call<T = unknown>(method: string, params: Params = {}, options: CallOptions = {}): Promise<CallResult<T>> {
    return new Promise<CallResult>((resolve, reject) => {
      this.pending.push({ method, params, write: options.write === true, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }) as Promise<CallResult<T>>;
  }

  private flush(): void {
    const calls = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    const followUp = this.sentBefore;
    this.sentBefore = true;
    for (let offset = 0; offset < calls.length; offset += BATCH_MAX_COMMANDS) {
      const chunk = calls.slice(offset, offset + BATCH_MAX_COMMANDS);
      // A lone call goes plain: same request count, and its error keeps the real HTTP status.
      if (chunk.length === 1) this.sendOne(chunk[0]!, followUp);
      else this.sendBatch(chunk, followUp);
    }
  }

  private sendOne(call: PendingCall, followUp: boolean): void {
    this.options.onFlush?.(1);
    this.sender
      .send({
        portal: this.portal,
        token: this.token,
        method: call.method,
        params: call.params,
        methods: [call.method],
        isWrite: call.write,
        signal: this.options.signal,
        followUp,
      })
      .then(call.resolve, (error: unknown) => call.reject(this.redacted(error)));
  }

  /**
   * Every error leaves the session without the caller's token: Bitrix24's `error_description` may echo the request,
   * and from here an error travels on to responses over every transport, subscription streams and log lines.
   */
  private redacted(error: unknown): unknown {
    return error instanceof Bitrix24Error ? withoutToken(error, this.token) : error;
  }

  private sendBatch(calls: PendingCall[], followUp: boolean): void {
    this.options.onFlush?.(calls.length);
    // `cmd` as a JSON list: Bitrix24 then answers each result_* map as a JSON array when its keys are exactly
    // 0..n-1 and as an object otherwise (e.g. when command 1 failed), so both shapes are exercised in real use.
    const cmd = calls.map((call) => encodeBatchCommand(call.method, call.params));
    this.sender
      .send({
        portal: this.portal,
        token: this.token,
        method: 'batch',
        // halt: 0, so one failing command never fails its neighbours.
        params: { halt: 0, cmd },
        methods: calls.map((call) => call.method),
        isWrite: calls.some((call) => call.write),
        signal: this.options.signal,
        followUp,
      })
      .then(
        (answer) => {
          calls.forEach((call, index) => {
            const outcome = batchItem(answer.result, String(index), call.method);
            if (outcome instanceof Bitrix24Error) {
              this.sender.noteItemError?.(this.portal, outcome);
              call.reject(this.redacted(outcome));
            } else {
              this.sender.noteAnswerTime?.(this.portal, call.method, outcome.time);
              call.resolve(outcome);
            }
          });
        },
        (error: unknown) => {
          const redacted = this.redacted(error);
          for (const call of calls) call.reject(redacted);
        },
      );
  }
}
