// Funnels and library offers: storage, validation, the merchant API and the compiled-funnels cache the offer
// endpoints read. Build one module per app instance and share it: the routes invalidate the same cache that the
// post-purchase endpoint reads.
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { SettingsStore } from '../settings/index.js';
import { type ActiveFunnels, createActiveFunnels } from './active-funnels.js';
import { type CatalogFor, createFunnelServices, type FunnelService, type OfferLibraryService } from './service.js';

export { type ActiveFunnels, type ActiveFunnelsDeps, createActiveFunnels } from './active-funnels.js';
export {
  createFunnelDefinitionLoader,
  type DefinitionsBySurface,
  type FunnelDefinitionLoader,
  type FunnelDefinitionLoaderDeps,
} from './definition-loader.js';
export type { FunnelDocument, LibraryOfferDefinition, OfferRefStep } from './documents.js';
export { funnelsRouter } from './routes.js';
export type { CatalogFor, FunnelRecord, FunnelService, FunnelSummary, OfferLibraryService, OfferRecord } from './service.js';

export interface FunnelsModule {
  funnels: FunnelService;
  offers: OfferLibraryService;
  activeFunnels: ActiveFunnels;
}

export interface FunnelsModuleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  catalogFor: CatalogFor;
  settings: SettingsStore;
  /** How often (at most) another instance's changes are looked for, per shop. Default 3 s. */
  recheckMs?: number;
  /** Called after any funnel or library offer of the shop changed (e.g. to resync the checkout metafield). */
  onChange?: (shopId: string) => void;
}

export function createFunnelsModule(deps: FunnelsModuleDeps): FunnelsModule {
  const activeFunnels = createActiveFunnels({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    catalogFor: deps.catalogFor,
    ...(deps.recheckMs !== undefined ? { recheckMs: deps.recheckMs } : {}),
  });
  const { funnels, offers } = createFunnelServices({
    ...deps,
    onChange: (shopId) => {
      activeFunnels.invalidate(shopId);
      deps.onChange?.(shopId);
    },
  });
  return { funnels, offers, activeFunnels };
}
