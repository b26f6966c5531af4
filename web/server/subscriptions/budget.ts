// Billing pace from the shop's Admin API budget. Shopify meters each app+shop with a leaky bucket
// (extensions.cost.throttleStatus: maximumAvailable, currentlyAvailable, restoreRate; shopify.dev "API rate
// limits"). Thousands of renewals due at the same minute must not be sent at once: each charge reserves its cost
// here first. When the bucket cannot pay now, the job is given a slot in the future (the moment the bucket will
// have refilled enough, after every reservation made before it) and returns to the queue until then; when it
// runs again its slot is paid already. So a due contract waits at most once, and the requests reach Shopify at
// the rate the bucket refills, without THROTTLED answers.
import type { QueryCost } from '../shopify/admin-client.js';

export interface BudgetGrant {
  /** 0: go now. Otherwise come back after this many ms (the slot is reserved). */
  waitMs: number;
}

interface ShopBucket {
  /** Points the bucket will hold once every outstanding reservation has been sent (may be negative: debt). */
  tokens: number;
  observedAt: number;
  restoreRate: number;
  maximum: number;
  /** Reservations given to jobs that were told to wait: key -> [slot time, cost]. */
  slots: Map<string, [number, number]>;
}

/** Shopify's Standard plan until the first response says otherwise (bucket 2,000 points, 100 points/s). */
const DEFAULT_STATUS = { maximumAvailable: 2000, restoreRate: 100 };

export class AdminBudget {
  private readonly shops = new Map<string, ShopBucket>();

  private bucket(shop: string, now: number): ShopBucket {
    let bucket = this.shops.get(shop);
    if (!bucket) {
      bucket = {
        tokens: DEFAULT_STATUS.maximumAvailable,
        observedAt: now,
        restoreRate: DEFAULT_STATUS.restoreRate,
        maximum: DEFAULT_STATUS.maximumAvailable,
        slots: new Map(),
      };
      this.shops.set(shop, bucket);
    }
    const refill = ((now - bucket.observedAt) / 1000) * bucket.restoreRate;
    bucket.tokens = Math.min(bucket.maximum, bucket.tokens + refill);
    bucket.observedAt = now;
    return bucket;
  }

  /** Reserves `cost` points for the work named `key` (one billing attempt): go now, or come back later. */
  take(shop: string, key: string, cost: number, now: Date): BudgetGrant {
    const at = now.getTime();
    const bucket = this.bucket(shop, at);
    const slot = bucket.slots.get(key);
    if (slot) {
      if (at >= slot[0]) {
        bucket.slots.delete(key);
        return { waitMs: 0 };
      }
      return { waitMs: slot[0] - at };
    }
    bucket.tokens -= cost;
    if (bucket.tokens >= 0) return { waitMs: 0 };
    const waitMs = Math.ceil((-bucket.tokens / bucket.restoreRate) * 1000);
    bucket.slots.set(key, [at + waitMs, cost]);
    return { waitMs };
  }

  /**
   * Reserves `cost` points for work that will run later (a queued renewal given its slot before a worker runs it):
   * when it may go. The slot is kept until the work calls take (then paid already) or release.
   */
  reserve(shop: string, key: string, cost: number, now: Date): Date {
    const at = now.getTime();
    const bucket = this.bucket(shop, at);
    const slot = bucket.slots.get(key);
    if (slot) return new Date(slot[0]);
    bucket.tokens -= cost;
    const waitMs = bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens / bucket.restoreRate) * 1000);
    bucket.slots.set(key, [at + waitMs, cost]);
    return new Date(at + waitMs);
  }

  /** The work named `key` will not be sent after all (nothing to bill): its reserved slot's points go back. */
  release(shop: string, key: string, now: Date): void {
    const bucket = this.bucket(shop, now.getTime());
    const slot = bucket.slots.get(key);
    if (!slot) return;
    bucket.slots.delete(key);
    bucket.tokens = Math.min(bucket.maximum, bucket.tokens + slot[1]);
  }

  /** What Shopify said after a request: the bucket's real level, less what is promised to jobs still waiting. */
  observe(shop: string, cost: QueryCost | undefined, now: Date): void {
    if (!cost) return;
    const bucket = this.bucket(shop, now.getTime());
    const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
    let promised = 0;
    for (const [slotAt, slotCost] of bucket.slots.values()) if (slotAt > now.getTime()) promised += slotCost;
    bucket.maximum = maximumAvailable;
    bucket.restoreRate = restoreRate;
    bucket.tokens = Math.min(bucket.tokens, currentlyAvailable - promised);
  }
}
