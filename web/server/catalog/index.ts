// The catalog the offer engine reads: loaded from the Admin API by a job, stored as a CatalogSnapshot, served
// from memory by CatalogCache. See README.md.

export { type AssembledCatalog, type AssemblyProblem, assembleCatalogInput, type CatalogSource } from './assemble.js';
export { type CachedCatalog, CatalogCache, type CatalogCacheDeps, type CatalogCacheOptions, DEFAULT_MAX_CACHED_SHOPS } from './cache.js';
export {
  CATALOG_PRODUCTS_QUERY,
  type CatalogLoadReport,
  DEFAULT_COST_BUDGET,
  DEFAULT_METAFIELD_KEYS,
  DEFAULT_RECENT_SALES_DAYS,
  type LoadCatalogOptions,
  type LoadedCatalog,
  loadCatalog,
  loadCatalogFromShopify,
} from './load.js';
export {
  asJobError,
  CATALOG_REBUILD_JOB,
  CATALOG_TOPICS,
  type CatalogContext,
  catalogJobHandlers,
  catalogTopicHandlers,
  onShopInstalled,
  type RebuildReason,
  requestCatalogRebuild,
} from './rebuild-jobs.js';
export { type CatalogSettings, catalogSettings, DEFAULT_CATALOG_SETTINGS } from './settings.js';
export {
  deleteSnapshot,
  markCatalogStale,
  type RebuildDeps,
  type RebuildOptions,
  type RebuildResult,
  readSnapshot,
  readSnapshotMeta,
  rebuildCatalog,
  type ShopRef,
  type Snapshot,
  type SnapshotMeta,
  storeSnapshot,
} from './snapshots.js';
