/**
 * Leaky-bucket arithmetic mirroring Bitrix24's request-rate limit (docs/bitrix24-protocol.md §3.5, §12.1).
 *
 * Upstream: each HTTP request to a portal (a whole `batch` counts once) adds 1 to a per-portal counter; above
 * `burst` requests fail with 503 QUERY_LIMIT_EXCEEDED; the counter drains by `perSecond` every second.
 *
 * Here the counter is modelled as a fluid level that drains continuously. A state is "the level at `updatedAtMs`";
 * `updatedAtMs` may lie in the future: it is then the send time of the last reserved request, and the level
 * includes every request reserved up to that time. Pure functions, no timers, no clock: callers pass `nowMs`.
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

/** The state drained up to `nowMs`. A state already at or after `nowMs` (reservations ahead) is returned as is. */
export function drain(state: BucketState, nowMs: number, config: BucketConfig): BucketState {
  validateBucketConfig(config);
  validateNow(nowMs);
  if (nowMs <= state.updatedAtMs) return state;
  const drained = ((nowMs - state.updatedAtMs) * config.perSecond) / 1000;
  return { level: Math.max(0, state.level - drained), updatedAtMs: nowMs };
}

/**
 * Reserves one request slot. Returns how long to wait before sending (0 when it fits now, whole milliseconds,
 * rounded up) and the state with the request counted at the time it will be sent.
 *
 * The request is sent once the level has drained to `burst - 1`, so the level after it is at most `burst`:
 * successive reservations never push the upstream level past `burst`. Once the bucket is full they are spaced
 * exactly `1000 / perSecond` ms apart. A request never goes before one reserved earlier (send times are monotone).
 */
export function reserve(
  state: BucketState,
  nowMs: number,
  config: BucketConfig,
): { state: BucketState; waitMs: number } {
  const current = drain(state, nowMs, config); // current.updatedAtMs >= nowMs
  const excess = current.level - (config.burst - 1);
  const sendAtMs = excess > 0 ? current.updatedAtMs + (excess * 1000) / config.perSecond : current.updatedAtMs;
  const levelAtSend = excess > 0 ? config.burst - 1 : current.level;
  const waitMs = Math.max(0, Math.ceil(sendAtMs - nowMs - EPSILON_MS));
  return { state: { level: levelAtSend + 1, updatedAtMs: sendAtMs }, waitMs };
}

/**
 * Gives back one reserved slot that will not be used (its caller aborted). Exact for the last reservation;
 * for an earlier one the fluid model still holds because the level stayed high while requests were waiting.
 */
export function release(state: BucketState, nowMs: number, config: BucketConfig): BucketState {
  const current = drain(state, nowMs, config);
  return { level: Math.max(0, current.level - 1), updatedAtMs: current.updatedAtMs };
}

/**
 * Upstream answered QUERY_LIMIT_EXCEEDED: resync to a full bucket. With `previous` (optional, an addition to the
 * brief's signature), requests already reserved after `nowMs` keep their slots and the bucket counts as full at
 * the last of them, so new requests queue behind them instead of colliding with them.
 */
export function exhausted(nowMs: number, config: BucketConfig, previous?: BucketState): BucketState {
  validateBucketConfig(config);
  validateNow(nowMs);
  return { level: config.burst, updatedAtMs: Math.max(nowMs, previous?.updatedAtMs ?? nowMs) };
}

/**
 * The bucket the gateway shapes to, a little below the portal's: requests leave evenly spaced, but network jitter
 * can bunch them on arrival, and an upstream bucket filled to the brim then refuses the one that arrives early.
 * 10% of the burst (at least one request) absorbs that; the drain rate stays the portal's.
 */
export function withHeadroom(config: BucketConfig): BucketConfig {
  const headroom = Math.max(1, Math.ceil(config.burst * 0.1));
  return { burst: Math.max(1, config.burst - headroom), perSecond: config.perSecond };
}
