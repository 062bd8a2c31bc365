/**
 * Leaky bucket per portal (protocol §3.5, §12.1): every /rest/ request adds 1; the level drains at `perSecond`;
 * a request that would push the level above `burst` is refused and does not fill the bucket.
 */
export interface BucketConfig {
  burst: number;
  perSecond: number;
}

export interface BucketState {
  level: number;
  updatedAt: number; // ms
}

export function emptyBucket(now: number): BucketState {
  return { level: 0, updatedAt: now };
}

/** Pure: returns whether the request is allowed and the new state. */
export function takeFromBucket(
  state: BucketState,
  now: number,
  cfg: BucketConfig,
): { allowed: boolean; state: BucketState } {
  const elapsed = Math.max(0, now - state.updatedAt);
  const drained = Math.max(0, state.level - (elapsed / 1000) * cfg.perSecond);
  if (drained + 1 > cfg.burst + 1e-9) {
    return { allowed: false, state: { level: drained, updatedAt: Math.max(now, state.updatedAt) } };
  }
  return { allowed: true, state: { level: drained + 1, updatedAt: Math.max(now, state.updatedAt) } };
}

export class LeakyBucket {
  private state: BucketState;

  constructor(
    private readonly cfg: BucketConfig,
    private readonly now: () => number,
  ) {
    this.state = emptyBucket(now());
  }

  take(): boolean {
    const r = takeFromBucket(this.state, this.now(), this.cfg);
    this.state = r.state;
    return r.allowed;
  }

  level(): number {
    return this.state.level;
  }

  reset(): void {
    this.state = emptyBucket(this.now());
  }
}
