// Shop rows by domain, cached per process for the extension endpoints' hot paths (post-purchase, checkout events):
// a shop's id and install state rarely change. Only installed shops are cached, so a shop that just installed is
// served at once.
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { findShop, type ShopFacts } from './lookup.js';

export interface ShopDirectory {
  /** null for a shop that never installed the app. */
  byDomain(domain: string): Promise<ShopFacts | null>;
  invalidate(domain?: string): void;
}

export interface ShopDirectoryDeps {
  db: Db;
  clock: Clock;
  /** How long an installed shop is served from memory (default SHOP_CACHE_TTL_MS). */
  ttlMs?: number;
  /** Shops kept in memory at most; the least recently read goes first (default 5,000). */
  maxShops?: number;
}

export const SHOP_CACHE_TTL_MS = 30_000;
const MAX_CACHED_SHOPS = 5_000;

export function createShopDirectory(deps: ShopDirectoryDeps): ShopDirectory {
  const cache = new BoundedCache<string, ShopFacts>({
    maxEntries: deps.maxShops ?? MAX_CACHED_SHOPS,
    ttlMs: deps.ttlMs ?? SHOP_CACHE_TTL_MS,
    clock: deps.clock,
  });
  const inflight = new Map<string, Promise<ShopFacts | null>>();

  const read = async (domain: string): Promise<ShopFacts | null> => {
    const facts = await findShop(deps.db, { domain });
    cache.delete(domain);
    if (facts?.installed) cache.set(domain, facts);
    return facts;
  };

  return {
    async byDomain(domain) {
      const cached = cache.get(domain);
      if (cached) return cached;
      let pending = inflight.get(domain);
      if (!pending) {
        pending = read(domain).finally(() => inflight.delete(domain));
        inflight.set(domain, pending);
      }
      return pending;
    },
    invalidate(domain) {
      if (domain === undefined) cache.clear();
      else cache.delete(domain);
    },
  };
}
