// The catalog the offer engine reads: loaded from the Admin API by a job, stored as a CatalogSnapshot, served
// from memory by CatalogCache. See README.md.
export { CatalogCache, DEFAULT_MAX_CACHED_SHOPS, type CachedCatalog, type CatalogCacheDeps, type CatalogCacheOptions } from './cache.js';
export {
  loadCatalog,
  loadCatalogFromShopify,
  CATALOG_PRODUCTS_QUERY,
  DEFAULT_COST_BUDGET,
  DEFAULT_METAFIELD_KEYS,
  DEFAULT_RECENT_SALES_DAYS,
  type CatalogLoadReport,
  type LoadCatalogOptions,
  type LoadedCatalog,
} from './load.js';
export { assembleCatalogInput, type AssembledCatalog, type AssemblyProblem, type CatalogSource } from './assemble.js';
export {
  deleteSnapshot,
  markCatalogStale,
  readSnapshot,
  readSnapshotMeta,
  rebuildCatalog,
  storeSnapshot,
  type RebuildDeps,
  type RebuildOptions,
  type RebuildResult,
  type ShopRef,
  type Snapshot,
  type SnapshotMeta,
} from './snapshots.js';
export {
  asJobError,
  CATALOG_REBUILD_JOB,
  CATALOG_TOPICS,
  catalogJobHandlers,
  catalogTopicHandlers,
  onShopInstalled,
  requestCatalogRebuild,
  type CatalogContext,
  type RebuildReason,
} from './rebuild-jobs.js';
export { catalogSettings, DEFAULT_CATALOG_SETTINGS, type CatalogSettings } from './settings.js';
