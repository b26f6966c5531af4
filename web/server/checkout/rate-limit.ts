// A token bucket per key (the shop), in this process's memory. Checkout events are analytics: shedding a burst
// costs a few impressions, never a sale, and keeps one shop's traffic (or someone replaying its tokens) from
// crowding out the others. Per instance, so N instances allow N times the rate.
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';

export interface RateLimitOptions {
  /** Requests a key may make in a burst. */
  burst: number;
  /** Sustained requests per second per key. */
  perSecond: number;
  /** Keys tracked at most; the least recently seen are forgotten first (they start again with a full bucket). */
  maxKeys?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets: BoundedCache<string, { tokens: number; atMs: number }>;

  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimitOptions,
  ) {
    if (!(options.burst >= 1 && options.perSecond > 0)) throw new RangeError('RateLimiter: burst must be >= 1 and perSecond > 0');
    this.buckets = new BoundedCache({ maxEntries: options.maxKeys ?? 10_000 });
  }

  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    const previous = this.buckets.get(key);
    const refilled = previous
      ? Math.min(this.options.burst, previous.tokens + ((now - previous.atMs) / 1000) * this.options.perSecond)
      : this.options.burst;
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, atMs: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / this.options.perSecond)) };
    }
    this.buckets.set(key, { tokens: refilled - 1, atMs: now });
    return { allowed: true };
  }
}
