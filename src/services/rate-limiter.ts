/**
 * Per-API-key rate limits: a token bucket per key, refilled continuously at limit/60 tokens a
 * second and holding at most one minute's budget, so short bursts pass and sustained excess gets
 * 429 with the seconds until the next request would pass. Buckets live in the process: behind a
 * load balancer with N processes a key's effective limit is up to N times the configured one.
 */
export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until one request would be allowed (0 when allowed). */
  readonly retryAfterSeconds: number;
}

const MAX_BUCKETS = 100_000;

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one request from the key's budget; `perMinute` 0 means unlimited. */
  take(keyId: string, perMinute: number): RateDecision {
    if (perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const now = this.now();
    const ratePerMs = perMinute / 60_000;
    let bucket = this.#buckets.get(keyId);
    if (!bucket) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#buckets.clear();
      bucket = { tokens: perMinute, updated: now };
      this.#buckets.set(keyId, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updated) * ratePerMs);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
  }
}
