// Where the checkout sync reads its inputs: the shop's checkout funnels (library offers resolved, as the engine
// runs them), its catalog snapshot and its engine settings. Database only; nothing here calls Shopify.
//
// Adapter note: funnels/ keeps its loader inside ActiveFunnels (compiled, per surface); the sync needs the plain
// definitions, so they are loaded here with the funnels module's own repository and `runtimeFunnel`.
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { readSnapshot } from '../catalog/snapshots.js';
import { runtimeFunnel, type LibraryOfferRef } from '../funnels/documents.js';
import { createFunnelRepository, createOfferRepository } from '../funnels/repository.js';
import { buildCatalog, FunnelSchema, type Catalog, type FunnelDefinition, type ShopSettings } from '../offers/index.js';
import type { SettingsStore } from '../settings/service.js';

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
  const funnelRepo = createFunnelRepository(deps.db);
  const offerRepo = createOfferRepository(deps.db);
  const log = deps.logger.child({ module: 'checkout-sources' });

  return {
    async funnels(shopId) {
      const [rows, offers] = await Promise.all([funnelRepo.all(shopId, 'checkout'), offerRepo.all(shopId)]);
      const library = new Map<string, LibraryOfferRef>(offers.map((o) => [o.id, { id: o.id, name: o.name, enabled: o.enabled, definition: o.definition }]));
      const definitions: FunnelDefinition[] = [];
      for (const row of rows) {
        const { definition } = runtimeFunnel(row.id, row.document, library);
        if (!definition) continue;
        const parsed = FunnelSchema.safeParse(definition);
        if (parsed.success) definitions.push(parsed.data);
        else log.error({ shopId, funnelId: row.id, issues: parsed.error.issues.slice(0, 5) }, 'stored checkout funnel does not parse; left out of the checkout sync');
      }
      return definitions;
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
