// Shop rows by domain, cached per process for the extension endpoints' hot paths (post-purchase, checkout events):
// a shop's id and install state rarely change. Only installed shops are cached, so a shop that just installed is
// served at once.
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';

export interface ShopFacts {
  id: string;
  domain: string;
  currencyCode: string;
  installed: boolean;
}

export interface ShopDirectory {
  /** null for a shop that never installed the app. */
  byDomain(domain: string): Promise<ShopFacts | null>;
  invalidate(domain?: string): void;
}

export const SHOP_CACHE_TTL_MS = 30_000;
const MAX_CACHED_SHOPS = 5_000;

export function createShopDirectory(deps: { db: Db; clock: Clock; ttlMs?: number }): ShopDirectory {
  const ttlMs = deps.ttlMs ?? SHOP_CACHE_TTL_MS;
  const cache = new BoundedCache<string, ShopFacts>({ maxEntries: MAX_CACHED_SHOPS, ttlMs, clock: deps.clock });
  const inflight = new Map<string, Promise<ShopFacts | null>>();

  const read = async (domain: string): Promise<ShopFacts | null> => {
    const row = await deps.db.prisma.shop.findUnique({
      where: { domain },
      select: { id: true, domain: true, currencyCode: true, installState: true },
    });
    const facts = row ? { id: row.id, domain: row.domain, currencyCode: row.currencyCode, installed: row.installState === 'installed' } : null;
    cache.delete(domain);
    if (!facts?.installed) return facts;
    cache.set(domain, facts);
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
