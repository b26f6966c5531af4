// "See a funnel before enabling it": the post-purchase endpoints, for the preview only, with the shop's funnels
// narrowed to the one being previewed and that one treated as enabled. Everything else is the production engine
// (targeting, frequency cap, holdout, the ledger), so the preview answers what a shopper would get once it is on.

import type { Db } from '../db/client.js';
import { type ActiveFunnels, createFunnelDefinitionLoader } from '../funnels/index.js';
import type { Logger } from '../logger.js';
import { type Catalog, compileFunnels } from '../offers/index.js';

export interface OneFunnelDeps {
  db: Db;
  logger: Logger;
  catalogFor(shopId: string): Promise<Catalog | null>;
}

/** The shop's funnels as the engine sees them, reduced to `funnelId` (enabled for the preview); read on each call. */
export function oneFunnelAsActive(deps: OneFunnelDeps, funnelId: string): Pick<ActiveFunnels, 'get'> {
  const definitions = createFunnelDefinitionLoader({ db: deps.db, logger: deps.logger.child({ module: 'preview', funnelId }) });
  return {
    async get(shopId, surface) {
      const catalog = await deps.catalogFor(shopId);
      if (!catalog) return null;
      const loaded = await definitions.load(shopId, surface);
      const chosen = loaded[surface]
        .filter((definition) => definition.id === funnelId)
        .map((definition) => ({ ...definition, enabled: true }));
      return compileFunnels(chosen, catalog);
    },
  };
}
