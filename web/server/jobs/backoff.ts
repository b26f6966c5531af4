// Delay before the next attempt after attempt `n` failed: exponential, capped, with jitter so that jobs failing
// together (a Shopify outage) do not all come back at the same second.

/** Milliseconds to wait after the given attempt (1-based) failed. */
export type BackoffPolicy = (failedAttempt: number) => number;

export interface ExponentialBackoffOptions {
  /** Delay after the first failure, before jitter. Default 5 s. */
  baseMs?: number;
  /** Default 2. */
  factor?: number;
  /** Upper bound of any delay. Default 1 h. */
  maxMs?: number;
  /** Fraction of the delay that is random: 0.5 means a delay in [d/2, d]. Default 0.5. */
  jitter?: number;
  /** Source of randomness in [0, 1), injectable for tests. */
  random?: () => number;
}

export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffPolicy {
  const { baseMs = 5_000, factor = 2, maxMs = 3_600_000, jitter = 0.5, random = Math.random } = options;
  if (!(baseMs > 0) || !(factor >= 1) || !(maxMs >= baseMs) || !(jitter >= 0 && jitter <= 1)) {
    throw new RangeError('exponentialBackoff: need baseMs > 0, factor >= 1, maxMs >= baseMs, 0 <= jitter <= 1');
  }
  return (failedAttempt) => {
    const exponent = Math.max(0, failedAttempt - 1);
    const ceiling = Math.min(maxMs, baseMs * factor ** exponent);
    return Math.round(ceiling * (1 - jitter * random()));
  };
}

export const defaultBackoff: BackoffPolicy = exponentialBackoff();
