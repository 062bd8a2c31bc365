/**
 * Leaky-bucket arithmetic mirroring Bitrix24's request-rate limit (docs/bitrix24-protocol.md §3.5, §12.1).
 *
 * Upstream: each HTTP request to a portal (a whole `batch` counts once) adds 1 to a per-portal counter; above
 * `burst` requests fail with 503 QUERY_LIMIT_EXCEEDED; the counter drains by `perSecond` every second.
 *
 * Here the counter is modelled as a fluid level that drains continuously. A state is "the level at `updatedAtMs`".
 * Pure functions, no timers, no clock: callers pass `nowMs`.
 */

export interface BucketConfig {
  /** Requests the portal accepts at once before QUERY_LIMIT_EXCEEDED (50; Enterprise 250). */
  burst: number;
  /** Drain rate in requests per second (2; Enterprise 5). */
  perSecond: number;
}

export interface BucketState {
  /** Requests counted in the upstream bucket at `updatedAtMs`. */
  level: number;
  /** When `level` was computed; in the future when requests are already reserved up to then. */
  updatedAtMs: number;
}

/** Tolerance for float noise in waits (e.g. 500.0000000001 ms must not become 501 ms). */
const EPSILON_MS = 1e-6;

/** Throws unless `config` is a usable bucket: burst >= 1, perSecond > 0, both finite. Returns it for chaining. */
export function validateBucketConfig(config: BucketConfig, what = 'bucket config'): BucketConfig {
  if (typeof config !== 'object' || config === null) {
    throw new Error(`${what} must be an object { burst, perSecond }; received ${String(config)}`);
  }
  const { burst, perSecond } = config;
  if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) {
    throw new Error(`${what}.burst must be a finite number >= 1 (Bitrix24: 50, Enterprise 250); received ${String(burst)}`);
  }
  if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
    throw new Error(
      `${what}.perSecond must be a finite number > 0 (Bitrix24: 2, Enterprise 5); received ${String(perSecond)}`,
    );
  }
  return config;
}

function validateNow(nowMs: number): void {
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new Error(`nowMs must be a finite number of milliseconds; received ${String(nowMs)}`);
  }
}

const RATE_LIMIT_FORM = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/;

/**
 * Parses a rate-limit setting such as an environment variable: `"burst/perSecond"` (`"50/2"`, `"250/5"`,
 * `"20/40"`) or `"off"`. Unset or blank returns `fallback`. Anything else throws an Error that names the
 * variable, the expected form and what was received.
 */
export function parseRateLimit(
  value: string | undefined,
  variableName: string,
  fallback: BucketConfig | 'off',
): BucketConfig | 'off' {
  if (fallback !== 'off') validateBucketConfig(fallback, `${variableName} fallback`);
  if (value === undefined || value.trim() === '') return fallback;
  const text = value.trim();
  if (text.toLowerCase() === 'off') return 'off';
  const expected = `${variableName} must be "burst/perSecond" (e.g. "50/2", Enterprise "250/5") or "off"`;
  const match = RATE_LIMIT_FORM.exec(text.replace(/\s+/g, ''));
  if (!match || match[1] === undefined || match[2] === undefined) {
    throw new Error(`${expected}; received ${JSON.stringify(value)}`);
  }
  const burst = Number(match[1]);
  const perSecond = Number(match[2]);
  if (!(burst >= 1) || !(perSecond > 0)) {
    throw new Error(
      `${expected}, with burst >= 1 and perSecond > 0; received ${JSON.stringify(value)}`,
    );
  }
  return { burst, perSecond };
}

/** The state drained up to `nowMs`. A state stamped at or after `nowMs` is returned as is (it never drains backwards). */
export function drain(state: BucketState, nowMs: number, config: BucketConfig): BucketState {
  validateBucketConfig(config);
  validateNow(nowMs);
  if (nowMs <= state.updatedAtMs) return state;
  const drained = ((nowMs - state.updatedAtMs) * config.perSecond) / 1000;
  return { level: Math.max(0, state.level - drained), updatedAtMs: nowMs };
}

/**
 * Upstream answered QUERY_LIMIT_EXCEEDED: resync to a full bucket. With `previous` (optional), a stamp ahead of
 * `nowMs` (another replica's clock runs ahead) is kept, so the bucket never drains backwards.
 */
export function exhausted(nowMs: number, config: BucketConfig, previous?: BucketState): BucketState {
  validateBucketConfig(config);
  validateNow(nowMs);
  return { level: config.burst, updatedAtMs: Math.max(nowMs, previous?.updatedAtMs ?? nowMs) };
}

/**
 * The bucket the gateway shapes to, a little below the portal's: requests are granted evenly spaced, but the time from
 * a grant to the portal counting the request varies (event-loop lag on a busy host, connection setup, network), which
 * bunches them on arrival, and an upstream bucket filled to the brim then refuses the one that arrives early. The
 * headroom covers one second of that at the drain rate, and at least 10% of the burst (at least one request), but
 * never more than half the burst; the drain rate stays the portal's. 50/2 shapes to 45/2 (10%), 20/4 to 16/4 (1 s).
 * bench:replicas on a loaded 2-core host saw a few 503s at 20/4 with 10% alone (18/4, half a second of slack).
 */
export function withHeadroom(config: BucketConfig): BucketConfig {
  const wanted = Math.max(Math.ceil(config.burst * 0.1), Math.ceil(config.perSecond));
  const headroom = Math.max(1, Math.min(Math.floor(config.burst / 2), wanted));
  return { burst: Math.max(1, config.burst - headroom), perSecond: config.perSecond };
}

/**
 * One turn decision of the shared queue (the limiter's core; redis-limiter-store.ts runs the same arithmetic in Lua,
 * and test/redis compares the two). `position` is the number of waiting requests ranked ahead of this one.
 *
 * A request goes once the bucket holds room for itself and for everyone ranked ahead of it: the level has drained to
 * `burst - position - 1`. Granted, the request is counted at `nowMs` (`waitMs` 0). Otherwise nothing is counted and
 * `waitMs` (>= 1) says when that room will exist if nobody overtakes it; the caller asks again then. Deciding at send
 * time, rather than booking a future slot at arrival, is what lets a follow-up request overtake queued first ones.
 */
export function decideTurn(
  state: BucketState,
  position: number,
  nowMs: number,
  config: BucketConfig,
): { state: BucketState; granted: boolean; waitMs: number } {
  if (!Number.isInteger(position) || position < 0) {
    throw new Error(`position must be an integer >= 0; received ${String(position)}`);
  }
  const current = drain(state, nowMs, config);
  const excess = current.level - (config.burst - position - 1);
  if (excess <= EPSILON_MS / 1000) {
    return { state: { level: current.level + 1, updatedAtMs: current.updatedAtMs }, granted: true, waitMs: 0 };
  }
  return { state: current, granted: false, waitMs: Math.max(1, Math.ceil((excess * 1000) / config.perSecond - EPSILON_MS)) };
}

/**
 * Where a request ranks in a portal's queue (lower goes first): its arrival time, plus `firstRequestHeadStartMs` when
 * it is the first upstream request of its GraphQL operation. Requests of operations already under way thus overtake
 * first requests that arrived up to that long before them, and never any older one: no request waits forever.
 */
export function queueRank(arrivalMs: number, followUp: boolean, firstRequestHeadStartMs: number): number {
  return followUp ? arrivalMs : arrivalMs + firstRequestHeadStartMs;
}

/**
 * The share of the portal's bucket one replica may use on its own while the shared store is unreachable: 1/replicas
 * of the burst (at least 1) and of the drain rate, so the replicas together stay within the portal's budget.
 */
export function replicaShare(config: BucketConfig, replicas: number): BucketConfig {
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new Error(`replicas must be an integer >= 1; received ${String(replicas)}`);
  }
  return { burst: Math.max(1, Math.floor(config.burst / replicas)), perSecond: config.perSecond / replicas };
}
