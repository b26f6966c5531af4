// The funnels the engine runs for a shop and surface, compiled and kept in memory: the post-purchase endpoint
// asks on every request, so a request must not cost a database round trip.
//
// Freshness:
// - a change made through this instance's services calls invalidate(shopId): the next request reloads;
// - changes made by other instances are noticed by comparing a cheap fingerprint of the shop's funnel and offer
//   rows (counts, version sums, latest updatedAt), read at most once per `recheckMs` per shop;
// - a new catalog (a different object from the catalog port) recompiles from the cached definitions, no DB read.
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { type Catalog, type CompiledFunnels, compileFunnels, type FunnelDefinition, type Surface } from '../offers/index.js';
import { createFunnelDefinitionLoader } from './definition-loader.js';
import { shopDefinitionsFingerprint } from './repository.js';
import type { CatalogFor } from './service.js';

export const DEFAULT_RECHECK_MS = 3_000;

export interface ActiveFunnels {
  /**
   * The shop's funnels for `surface`, compiled against its current catalog (enabled and disabled ones: the
   * engine skips disabled funnels and says so in the trace). null while the shop has no catalog yet.
   */
  get(shopId: string, surface: Surface): Promise<CompiledFunnels | null>;
  /** Drops this instance's copy for the shop; call after changing its funnels or library offers. */
  invalidate(shopId: string): void;
}

export interface ActiveFunnelsDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Must return the same Catalog object until the catalog changes (as a cache does): identity means "unchanged". */
  catalogFor: CatalogFor;
  recheckMs?: number;
}

interface ShopFunnels {
  fingerprint: string;
  checkedAt: number;
  definitions: Readonly<Record<Surface, readonly FunnelDefinition[]>>;
  compiled: Map<Surface, { catalog: Catalog; funnels: CompiledFunnels }>;
}

export function createActiveFunnels(deps: ActiveFunnelsDeps): ActiveFunnels {
  const recheckMs = deps.recheckMs ?? DEFAULT_RECHECK_MS;
  const log = deps.logger.child({ module: 'active-funnels' });
  const definitions = createFunnelDefinitionLoader({ db: deps.db, logger: log });
  const shops = new Map<string, ShopFunnels>();
  const inflight = new Map<string, Promise<ShopFunnels>>();
  // Bumped by invalidate(): a load that started before an invalidation must not be cached after it.
  const generations = new Map<string, number>();

  const refresh = (shopId: string, previous: ShopFunnels | undefined): Promise<ShopFunnels> => {
    const running = inflight.get(shopId);
    if (running) return running;
    const generation = generations.get(shopId) ?? 0;
    const task = (async () => {
      const fingerprint = await shopDefinitionsFingerprint(deps.db, shopId);
      const checkedAt = deps.clock.now().getTime();
      if (previous && previous.fingerprint === fingerprint) {
        previous.checkedAt = checkedAt;
        return previous;
      }
      const loaded = await definitions.load(shopId);
      log.debug({ shopId, fingerprint }, 'active funnels loaded');
      const state: ShopFunnels = { fingerprint, checkedAt, definitions: loaded, compiled: new Map() };
      if ((generations.get(shopId) ?? 0) === generation) shops.set(shopId, state);
      return state;
    })();
    inflight.set(shopId, task);
    const clear = () => {
      if (inflight.get(shopId) === task) inflight.delete(shopId);
    };
    task.then(clear, clear);
    return task;
  };

  return {
    async get(shopId, surface) {
      let state = shops.get(shopId);
      if (!state || deps.clock.now().getTime() - state.checkedAt >= recheckMs) state = await refresh(shopId, state);
      const catalog = await deps.catalogFor(shopId);
      if (!catalog) return null;
      const compiled = state.compiled.get(surface);
      if (compiled && compiled.catalog === catalog) return compiled.funnels;
      const funnels = compileFunnels(state.definitions[surface], catalog);
      state.compiled.set(surface, { catalog, funnels });
      return funnels;
    },
    invalidate(shopId) {
      generations.set(shopId, (generations.get(shopId) ?? 0) + 1);
      shops.delete(shopId);
      inflight.delete(shopId);
    },
  };
}
