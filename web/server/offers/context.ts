// What decide() is told about one order on one surface. Surface-agnostic: the post-purchase endpoint, the
// checkout sync and the email job each build this from their own inputs. Money in minor units; ids are GIDs.
import type { Catalog } from './catalog.js';
import type { CompiledFunnels } from './compile.js';
import type { ShopSettings, Surface } from './definitions.js';

export interface OrderLine {
  productId: string;
  variantId: string;
  quantity: number;
  /** Presentment currency, minor units. */
  unitPriceMinor: number;
  /** Set when the line is bought on a selling plan (a subscription). */
  sellingPlanId: string | null;
  collectionIds: readonly string[];
  tags: readonly string[];
  vendor: string;
  productType: string;
}

export interface OrderSnapshot {
  /**
   * The unit of A/B and holdout assignment. Use the same key on every surface of one purchase (the order id
   * once known; the post-purchase reference id maps to it) so a shopper lands in the same arm everywhere.
   */
  key: string;
  lines: readonly OrderLine[];
  subtotal: { shopMinor: number; presentmentMinor: number };
  presentmentCurrency: string;
  tags: readonly string[];
  /** ISO 3166 alpha-2, null for no shipping address. */
  shippingCountry: string | null;
  /** "online_store", "pos", an app's handle... null when unknown. */
  salesChannel: string | null;
}

export interface CustomerSnapshot {
  id: string;
  /** Orders placed before this one. */
  previousOrderCount: number;
  tags: readonly string[];
  /** Products bought in earlier orders. */
  purchasedProductIds: readonly string[];
}

export interface OfferImpression {
  /** ISO date-time. */
  shownAt: string;
  orderKey: string;
  surface: Surface;
}

/** Facts from the ledger: what this order declined on any surface, and this customer's recent offers. */
export interface LedgerFacts {
  declinedProductIds: readonly string[];
  declinedOfferIds: readonly string[];
  recentImpressions: readonly OfferImpression[];
}

export interface DecideContext {
  surface: Surface;
  now: Date;
  order: OrderSnapshot;
  /** null for guest checkouts. */
  customer: CustomerSnapshot | null;
  /** The shopper's locale, e.g. "fr-CA". */
  locale: string;
  ledger: LedgerFacts;
  settings: ShopSettings;
  catalog: Catalog;
  funnels: CompiledFunnels;
}

export const EMPTY_LEDGER: LedgerFacts = Object.freeze({
  declinedProductIds: [],
  declinedOfferIds: [],
  recentImpressions: [],
});
