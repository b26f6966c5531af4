// The one in-memory cache of the backend: a size bound (least recently used entry dropped first, by `lru-cache`)
// and, optionally, an age limit read from the app's Clock. The age is checked here rather than with lru-cache's
// own `ttl` because that one reads `performance.now()` (a test's ManualClock could not move it) and treats an
// entry of exactly `ttl` ms as still fresh, while every cache of the app has always expired it at `ttlMs`.
import { LRUCache } from 'lru-cache';
import type { Clock } from './clock.js';

export type BoundedCacheOptions =
  | {
      /** Entries kept at most; the least recently read or written goes first. */
      maxEntries: number;
    }
  | {
      maxEntries: number;
      /** An entry `ttlMs` old or older (on `clock`) is a miss. */
      ttlMs: number;
      clock: Clock;
    };

interface Stored<V> {
  value: V;
  storedAtMs: number;
}

export class BoundedCache<K extends NonNullable<unknown>, V> {
  private readonly entries: LRUCache<K, Stored<V>>;
  private readonly ttlMs: number | null;
  private readonly clock: Clock | null;

  constructor(options: BoundedCacheOptions) {
    if (!(Number.isInteger(options.maxEntries) && options.maxEntries >= 1))
      throw new RangeError('BoundedCache: maxEntries must be an integer >= 1');
    this.entries = new LRUCache<K, Stored<V>>({ max: options.maxEntries });
    if ('ttlMs' in options) {
      if (!(options.ttlMs > 0)) throw new RangeError('BoundedCache: ttlMs must be > 0');
      this.ttlMs = options.ttlMs;
      this.clock = options.clock;
    } else {
      this.ttlMs = null;
      this.clock = null;
    }
  }

  /** The value, unless missing or expired; a hit makes the entry the most recently used. */
  get(key: K): V | undefined {
    const stored = this.entries.get(key);
    if (stored === undefined) return undefined;
    if (this.ttlMs !== null && this.nowMs() - stored.storedAtMs >= this.ttlMs) return undefined;
    return stored.value;
  }

  /**
   * Stores (or replaces) the value and drops the least recently used entry when over the bound. Its age counts from
   * `readAt` (when the value was read from its source; default now).
   */
  set(key: K, value: V, readAt?: Date): void {
    this.entries.set(key, { value, storedAtMs: readAt === undefined ? this.nowMs() : readAt.getTime() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Entries held now, expired ones included until they are replaced or pushed out. */
  get size(): number {
    return this.entries.size;
  }

  private nowMs(): number {
    return this.clock === null ? 0 : this.clock.now().getTime();
  }
}
