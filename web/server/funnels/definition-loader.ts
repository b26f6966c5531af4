// The shop's funnels as the engine runs them, read from the database: library references resolved (a step whose
// library offer is off or deleted is passed over, see documents.ts runtimeFunnel), parsed by the engine's schema,
// grouped by surface. Plain definitions, not compiled: ActiveFunnels compiles them for the offer endpoints, the
// checkout sync maps them onto the checkout block.
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { type FunnelDefinition, FunnelSchema, SURFACES, type Surface } from '../offers/index.js';
import { type LibraryOfferRef, runtimeFunnel } from './documents.js';
import { createFunnelRepository, createOfferRepository } from './repository.js';

export type DefinitionsBySurface = Record<Surface, FunnelDefinition[]>;

export interface FunnelDefinitionLoader {
  /**
   * Every funnel of the shop (enabled and disabled: the engine skips disabled ones and says so), by surface; with
   * `surface`, only that surface's rows are read and the other lists are empty. A stored funnel that no longer
   * parses is left out and logged as an error.
   */
  load(shopId: string, surface?: Surface): Promise<DefinitionsBySurface>;
}

export interface FunnelDefinitionLoaderDeps {
  db: Db;
  /** The caller's logger: its module names who loaded. */
  logger: Logger;
}

export function createFunnelDefinitionLoader(deps: FunnelDefinitionLoaderDeps): FunnelDefinitionLoader {
  const funnelRepo = createFunnelRepository(deps.db);
  const offerRepo = createOfferRepository(deps.db);
  const log = deps.logger;

  return {
    async load(shopId, surface) {
      const [rows, offers] = await Promise.all([funnelRepo.all(shopId, surface), offerRepo.all(shopId)]);
      const library = new Map<string, LibraryOfferRef>(
        offers.map((o) => [o.id, { id: o.id, name: o.name, enabled: o.enabled, definition: o.definition }]),
      );
      const bySurface = Object.fromEntries(SURFACES.map((s) => [s, [] as FunnelDefinition[]])) as DefinitionsBySurface;
      for (const row of rows) {
        const { definition, bypassedStepIds } = runtimeFunnel(row.id, row.document, library);
        if (bypassedStepIds.length > 0) {
          log.info({ shopId, funnelId: row.id, bypassedStepIds }, 'funnel steps skipped: their library offer is turned off or deleted');
        }
        if (!definition) continue;
        const parsed = FunnelSchema.safeParse(definition);
        if (!parsed.success) {
          log.error({ shopId, funnelId: row.id, issues: parsed.error.issues.slice(0, 5) }, 'stored funnel does not parse; left out');
          continue;
        }
        bySurface[parsed.data.surface].push(parsed.data);
      }
      return bySurface;
    },
  };
}
