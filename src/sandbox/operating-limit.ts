/**
 * Operating time (protocol §3.5, §12.2): method time is summed per (application, method) in ten one-minute baskets.
 * A basket starts at the first call of its minute and stops counting `windowMs` later. Bitrix24 checks the sum
 * before each call: once it exceeds `limitMs`, the next call is blocked with 429 OPERATION_TIME_LIMIT.
 * The sandbox charges a fixed `costMsPerCall` per executed call (deterministic, no wall-clock measurement).
 */
export interface OperatingConfig {
  limitMs: number;
  windowMs: number;
  costMsPerCall: number;
}

export interface Basket {
  minute: number; // floor(firstAt / basketMs)
  firstAt: number; // ms of the first call counted in the basket
  sumMs: number;
}

export function basketMs(cfg: OperatingConfig): number {
  return cfg.windowMs / 10;
}

/** Pure: baskets still counting at `now`. */
export function liveBaskets(baskets: Basket[], now: number, cfg: OperatingConfig): Basket[] {
  return baskets.filter((b) => now < b.firstAt + cfg.windowMs);
}

/** Pure: the operating sum and the reset time (oldest live basket's expiry; now + window when none). */
export function operatingState(
  baskets: Basket[],
  now: number,
  cfg: OperatingConfig,
): { operatingMs: number; resetAtMs: number } {
  const live = liveBaskets(baskets, now, cfg);
  const operatingMs = live.reduce((s, b) => s + b.sumMs, 0);
  const oldest = live.reduce<number | undefined>((m, b) => (m === undefined || b.firstAt < m ? b.firstAt : m), undefined);
  return { operatingMs, resetAtMs: (oldest ?? now) + cfg.windowMs };
}

/** Pure: adds `costMs` at `now`, returning new baskets (expired ones dropped). */
export function addToBaskets(baskets: Basket[], now: number, costMs: number, cfg: OperatingConfig): Basket[] {
  const minute = Math.floor(now / basketMs(cfg));
  const live = liveBaskets(baskets, now, cfg).map((b) => ({ ...b }));
  const current = live.find((b) => b.minute === minute);
  if (current) current.sumMs += costMs;
  else live.push({ minute, firstAt: now, sumMs: costMs });
  return live;
}

export class OperatingTracker {
  private baskets = new Map<string, Basket[]>();

  constructor(
    private readonly cfg: OperatingConfig,
    private readonly enforce: boolean,
  ) {}

  private key(app: string, method: string): string {
    return `${app}\u0000${method}`;
  }

  /** True when the method is blocked for this app (the sum already exceeds the limit). */
  isBlocked(app: string, method: string, now: number): boolean {
    if (!this.enforce) return false;
    return operatingState(this.baskets.get(this.key(app, method)) ?? [], now, this.cfg).operatingMs > this.cfg.limitMs;
  }

  /** Charges one executed call and returns the values for the `time` block. */
  charge(app: string, method: string, now: number): { operatingMs: number; resetAtMs: number } {
    const k = this.key(app, method);
    const cost = this.enforce ? this.cfg.costMsPerCall : 0;
    const next = addToBaskets(this.baskets.get(k) ?? [], now, cost, this.cfg);
    this.baskets.set(k, next);
    return operatingState(next, now, this.cfg);
  }

  /** Values for a `time` block without charging (e.g. the outer batch call). */
  peek(app: string, method: string, now: number): { operatingMs: number; resetAtMs: number } {
    return operatingState(this.baskets.get(this.key(app, method)) ?? [], now, this.cfg);
  }

  reset(): void {
    this.baskets.clear();
  }
}
