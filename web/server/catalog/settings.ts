// How fresh the cached catalog is kept, in one place. Defaults suit production; tests pass shorter times.
import { type FieldProblem, UnprocessableError } from '../errors.js';
import { DEFAULT_COST_BUDGET, DEFAULT_METAFIELD_KEYS, DEFAULT_RECENT_SALES_DAYS } from './load.js';

/**
 * Shopify lets an app read only the last 60 days of orders unless it holds `read_all_orders` (the 2026-07 schema's
 * description of `QueryRoot.order`: "You can only retrieve the last 60 days worth of orders from a store by
 * default"). Encore does not request that scope (shopify.app.toml), so a longer sales window would count only the
 * orders Shopify still shows and silently under-count the rest.
 */
export const MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS = 60;

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
  /**
   * Window of "units sold recently", in days: at most MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS unless
   * `readAllOrders`.
   */
  recentSalesDays: number;
  /**
   * The app requests `read_all_orders` and Shopify approved it (it is granted on request only). Encore does not;
   * leave it false unless shopify.app.toml lists that scope.
   */
  readAllOrders: boolean;
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
  readAllOrders: false,
  metafieldKeys: DEFAULT_METAFIELD_KEYS,
  costBudget: DEFAULT_COST_BUDGET,
});

/** The defaults with `overrides` applied; every problem at once as a 422 (UnprocessableError) naming each field. */
export function catalogSettings(overrides: Partial<CatalogSettings> = {}): CatalogSettings {
  const settings = { ...DEFAULT_CATALOG_SETTINGS, ...overrides };
  const problems: FieldProblem[] = [];
  for (const key of ['ttlMs', 'versionCheckMs', 'changeDebounceMs', 'staleGraceMs'] as const) {
    if (!(Number.isFinite(settings[key]) && settings[key] > 0))
      problems.push({ field: key, message: `${key} must be a number of milliseconds above 0.` });
  }
  if (!(Number.isInteger(settings.recentSalesDays) && settings.recentSalesDays >= 1)) {
    problems.push({ field: 'recentSalesDays', message: 'recentSalesDays must be a whole number of days, at least 1.' });
  } else if (settings.recentSalesDays > MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS && !settings.readAllOrders) {
    problems.push({
      field: 'recentSalesDays',
      message:
        `recentSalesDays is ${settings.recentSalesDays}, but Shopify shows an app only the last ` +
        `${MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS} days of orders without the read_all_orders scope, which Encore does not ` +
        `request. Use ${MAX_RECENT_SALES_DAYS_WITHOUT_READ_ALL_ORDERS} days or fewer, or request read_all_orders and set readAllOrders.`,
    });
  }
  if (problems.length > 0) throw new UnprocessableError('The catalog settings have problems; see each field.', problems);
  return settings;
}
