// How fresh the cached catalog is kept, in one place. Defaults suit production; tests pass shorter times.
import { DEFAULT_COST_BUDGET, DEFAULT_METAFIELD_KEYS, DEFAULT_RECENT_SALES_DAYS } from './load.js';

export interface CatalogSettings {
  /** A snapshot older than this is still served, and a refresh is requested (stale-while-revalidate). */
  ttlMs: number;
  /** Each process re-reads the snapshot's version at most this often, to pick up other instances' rebuilds. */
  versionCheckMs: number;
  /** Product webhooks within one such window share one rebuild, which runs when the window closes. */
  changeDebounceMs: number;
  /**
   * A snapshot marked stale this long ago and still not rebuilt (its webhook's job failed, or changes keep
   * coming) makes the cache request a refresh itself.
   */
  staleGraceMs: number;
  /** Window of "units sold recently". Orders older than 60 days need the read_all_orders scope. */
  recentSalesDays: number;
  /** Product metafields copied into the catalog ("namespace.key"). */
  metafieldKeys: readonly string[];
  /** Requested cost ceiling of one Admin API request during a rebuild. */
  costBudget: number;
}

export const DEFAULT_CATALOG_SETTINGS: Readonly<CatalogSettings> = Object.freeze({
  ttlMs: 15 * 60_000,
  versionCheckMs: 5_000,
  changeDebounceMs: 30_000,
  staleGraceMs: 2 * 60_000,
  recentSalesDays: DEFAULT_RECENT_SALES_DAYS,
  metafieldKeys: DEFAULT_METAFIELD_KEYS,
  costBudget: DEFAULT_COST_BUDGET,
});

export function catalogSettings(overrides: Partial<CatalogSettings> = {}): CatalogSettings {
  const settings = { ...DEFAULT_CATALOG_SETTINGS, ...overrides };
  for (const key of ['ttlMs', 'versionCheckMs', 'changeDebounceMs', 'staleGraceMs'] as const) {
    if (!(Number.isFinite(settings[key]) && settings[key] > 0)) throw new RangeError(`catalog settings: ${key} must be > 0`);
  }
  if (!(Number.isInteger(settings.recentSalesDays) && settings.recentSalesDays >= 1)) {
    throw new RangeError('catalog settings: recentSalesDays must be an integer >= 1');
  }
  return settings;
}
