// Where the checkout sync reads its inputs: the shop's checkout funnels (library offers resolved, as the engine
// runs them: the funnels module's definition loader), its catalog snapshot and its engine settings. Database
// only; nothing here calls Shopify.

import { readSnapshot } from '../catalog/index.js';
import type { Db } from '../db/client.js';
import { createFunnelDefinitionLoader } from '../funnels/index.js';
import type { Logger } from '../logger.js';
import { buildCatalog, type Catalog, type FunnelDefinition, type ShopSettings } from '../offers/index.js';
import type { SettingsStore } from '../settings/index.js';

export interface CheckoutSources {
  /** Enabled and disabled checkout funnels of the shop, library references resolved and parsed. */
  funnels(shopId: string): Promise<FunnelDefinition[]>;
  /** The shop's catalog, or null while none has been built. */
  catalog(shopId: string): Promise<Catalog | null>;
  settings(shopId: string): Promise<ShopSettings>;
}

export interface SourcesDeps {
  db: Db;
  logger: Logger;
  /** The app's settings store (AppContext.settings); read fresh, not from its cache. */
  settings: Pick<SettingsStore, 'read'>;
  /** A shared in-memory catalog (CatalogCache.get); default: the stored snapshot, indexed on every call. */
  catalogFor?: (shopId: string) => Promise<Catalog | null>;
}

export function databaseSources(deps: SourcesDeps): CheckoutSources {
  const definitions = createFunnelDefinitionLoader({ db: deps.db, logger: deps.logger.child({ module: 'checkout-sources' }) });

  return {
    async funnels(shopId) {
      return (await definitions.load(shopId, 'checkout')).checkout;
    },
    async catalog(shopId) {
      if (deps.catalogFor) return deps.catalogFor(shopId);
      const snapshot = await readSnapshot(deps.db, shopId);
      return snapshot ? buildCatalog(snapshot.input) : null;
    },
    async settings(shopId) {
      return (await deps.settings.read(shopId)).settings;
    },
  };
}
