// Test support: the merchant offer API (funnels, library offers, ledger, settings) of a harness's real backend,
// reached over HTTP with App Bridge session tokens, with the shop's catalog primed from a fixed input.

import { storeSnapshot } from '../../web/server/catalog/snapshots.js';
import type { FunnelsModule } from '../../web/server/funnels/index.js';
import type { Ledger } from '../../web/server/ledger/index.js';
import type { CatalogInput } from '../../web/server/offers/index.js';
import type { SettingsStore } from '../../web/server/settings/index.js';
import type { Harness } from './harness.js';

export interface OfferAdminApi {
  url: string;
  funnels: FunnelsModule;
  ledger: Ledger;
  settings: SettingsStore;
  /** fetch /api/admin<path> with an App Bridge session token for `shop` (the demo shop by default). */
  request(path: string, init?: { method?: string; body?: unknown; rawBody?: string; shop?: string }): Promise<Response>;
}

/**
 * Installs the harness's demo shop and primes its catalog with `catalog` (as a finished catalog job would), so
 * validation sees the products without waiting for a rebuild.
 */
export async function offerAdminApi(h: Harness, catalog: CatalogInput): Promise<OfferAdminApi> {
  const install = await h.adminFetch('/api/admin/shop');
  if (install.status !== 200) throw new Error(`install failed: ${install.status}`);
  const { id: shopId } = await h.server.ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
  // Stored as well as primed: the cache re-reads the snapshot's version every few seconds, and a loaded machine can
  // take that long between two requests of a test.
  const stored = await storeSnapshot(h.server.ctx.db, shopId, catalog, h.server.ctx.clock.now());
  h.server.ctx.catalog.prime(shopId, catalog, stored ? { version: stored.version } : {});
  const { funnels, ledger, settings } = h.server.ctx;
  return {
    url: h.server.url,
    funnels,
    ledger,
    settings,
    request(path, init = {}) {
      const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
      return h.adminFetch(`/api/admin${path}`, {
        method: init.method ?? 'GET',
        ...(init.shop ? { shop: init.shop } : {}),
        ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json' } } : {}),
      });
    },
  };
}
