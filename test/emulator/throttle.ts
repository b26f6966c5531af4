// Shopify's cost-based leaky bucket, one per shop (app x store): a request is charged its requested cost up front,
// refunded down to its actual cost afterwards, and refused with THROTTLED when the bucket cannot pay. The bucket
// refills at `restoreRate` points per second of the emulator's clock, so a test with a ManualClock controls it.
// Shapes (examples from Shopify's community forum, "GraphQL Admin API - example Throttled request's response",
// https://community.shopify.com/t/graphql-admin-api-example-throttled-requests-response/8456, and the gist
// lacom/56e3834834e250270062583f425274b9): THROTTLED is HTTP 200 with errors [{message: "Throttled", extensions: {code:
// "THROTTLED", documentation}}] and extensions.cost with actualQueryCost null; a single query above 1000 points is
// refused before execution with MAX_COST_EXCEEDED (message as quoted in Shopify/shopify-app-js#577).
import type { Clock } from '../../web/server/clock.js';
import type { ShopifyGraphqlError } from './graphql/errors.js';

export interface ThrottleOptions {
  maximumAvailable: number;
  restoreRate: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maximumAvailable: 2000, restoreRate: 100 };
export const SINGLE_QUERY_MAX_COST = 1000;
export const RATE_LIMITS_DOCUMENTATION = 'https://shopify.dev/api/usage/rate-limits';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly options: ThrottleOptions,
    private readonly clock: Clock,
  ) {
    this.available = options.maximumAvailable;
    this.updatedAt = clock.now().getTime();
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.options.maximumAvailable, this.available + elapsed * this.options.restoreRate);
    this.updatedAt = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.options.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.options.restoreRate,
    };
  }

  /** Takes `cost` points if the bucket holds them; returns false (and takes nothing) otherwise. */
  tryCharge(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.options.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Empties the bucket (for tests that want the next request throttled). */
  drain(): void {
    this.refill();
    this.available = 0;
  }
}

export function throttledError(): ShopifyGraphqlError {
  return { message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMITS_DOCUMENTATION } };
}

export function maxCostExceededError(cost: number): ShopifyGraphqlError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\n` +
      'See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n' +
      'cost of a query is calculated.\n\n' +
      'To query larger amounts of data with fewer limits, bulk operations should be used instead.\n' +
      'See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n',
    extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: SINGLE_QUERY_MAX_COST, documentation: RATE_LIMITS_DOCUMENTATION },
  };
}
