// The catalog the engine offers from: plain JSON in (CatalogInput), an indexed in-memory structure out (Catalog).
// Build it once per catalog change; decide() only reads it. Ids are Shopify GIDs throughout.
import type { PlanPriceAdjustment } from './pricing.js';

export interface CatalogInput {
  shopCurrency: string;
  products: CatalogProductInput[];
  /** Known collections; when given, the validator reports targeting on collections that no longer exist. */
  collections?: Array<{ id: string; title: string }>;
}

export interface CatalogProductInput {
  id: string;
  title: string;
  handle: string;
  status: 'active' | 'draft' | 'archived';
  vendor: string;
  productType: string;
  tags: string[];
  /** Collection GIDs. */
  collectionIds: string[];
  /** ISO date-time; "new arrivals" ranks on it. */
  createdAt: string;
  imageUrl?: string | null;
  /** Product metafields as "namespace.key" -> value (dates as YYYY-MM-DD or ISO date-time). */
  metafields?: Record<string, string>;
  /** Units sold over the shop's recent-sales window; "slow movers" ranks stock against it. */
  unitsSoldRecently?: number;
  /** Localized titles, e.g. { fr: "Café moulu" }. */
  titleTranslations?: Record<string, string>;
  variants: CatalogVariantInput[];
  /** Selling plans offered for this product (any of its variants). */
  sellingPlans?: CatalogSellingPlanInput[];
}

export interface CatalogVariantInput {
  id: string;
  title: string;
  sku?: string | null;
  /** Shop currency, minor units. */
  priceMinor: number;
  compareAtPriceMinor?: number | null;
  /** Fixed prices per presentment currency (a price list), minor units of that currency. */
  presentmentPricesMinor?: Record<string, number>;
  presentmentCompareAtMinor?: Record<string, number>;
  /** null = inventory not tracked (always in stock). */
  inventoryQuantity: number | null;
  /** CONTINUE sells when out of stock. */
  inventoryPolicy: 'deny' | 'continue';
  imageUrl?: string | null;
  /** When set, only these plans apply to this variant; otherwise all of the product's plans do. */
  sellingPlanIds?: string[];
}

export interface CatalogSellingPlanInput {
  id: string;
  name: string;
  /** Localized plan names. */
  nameTranslations?: Record<string, string>;
  category: 'SUBSCRIPTION' | 'PRE_ORDER' | 'TRY_BEFORE_YOU_BUY' | 'OTHER';
  billing: { interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR'; intervalCount: number };
  delivery: { interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR'; intervalCount: number };
  /** The plan's own price policy (first cycle), applied before the offer's discount. */
  priceAdjustment: PlanPriceAdjustment | null;
}

export interface CatalogVariant extends CatalogVariantInput {
  productId: string;
  /** Units that can be sold now: Infinity when untracked or CONTINUE. */
  sellableQuantity: number;
}

export interface CatalogProduct extends Omit<CatalogProductInput, 'variants' | 'sellingPlans'> {
  /** Position in id order; the stable tie-break of every ranking. */
  ordinal: number;
  createdAtMs: number;
  tagsLower: string[];
  vendorLower: string;
  productTypeLower: string;
  variants: CatalogVariant[];
  sellingPlans: CatalogSellingPlanInput[];
  /** Sum of tracked stock (untracked variants count as 0). */
  totalInventory: number;
  anyInStock: boolean;
  active: boolean;
}

export interface Catalog {
  shopCurrency: string;
  products: ReadonlyMap<string, CatalogProduct>;
  /** Every product at the index of its ordinal (id order). */
  byOrdinal: readonly CatalogProduct[];
  variants: ReadonlyMap<string, CatalogVariant>;
  sellingPlans: ReadonlyMap<string, CatalogSellingPlanInput>;
  /** null when the input listed no collections (then collection ids are not checked). */
  collections: ReadonlyMap<string, { id: string; title: string }> | null;
  /** Active products, by collection / lower-cased tag / vendor / type, each list in ordinal order. */
  byCollection: ReadonlyMap<string, readonly CatalogProduct[]>;
  byTag: ReadonlyMap<string, readonly CatalogProduct[]>;
  byVendor: ReadonlyMap<string, readonly CatalogProduct[]>;
  byType: ReadonlyMap<string, readonly CatalogProduct[]>;
  /** The same four indexes as ordinals in typed arrays, for scoring loops that touch thousands of products. */
  ordinals: {
    byCollection: ReadonlyMap<string, Int32Array>;
    byTag: ReadonlyMap<string, Int32Array>;
    byVendor: ReadonlyMap<string, Int32Array>;
    byType: ReadonlyMap<string, Int32Array>;
  };
  /** Active products, newest first (ties: ordinal). */
  newestFirst: readonly CatalogProduct[];
  /** Active products with stock, highest stock-to-recent-sales first (ties: ordinal). */
  slowestMoving: readonly CatalogProduct[];
  /** Active products sorted by a date metafield, soonest first; built on first use per key, then cached. */
  byDateMetafield(key: string): readonly DatedProduct[];
}

export interface DatedProduct {
  product: CatalogProduct;
  dateMs: number;
}

/** Compares GIDs (or any ids) so that numeric tails sort numerically: Product/9 before Product/10. */
export function compareIds(a: string, b: string): number {
  return compareIdKeys(idKey(a), idKey(b));
}

interface IdKey {
  id: string;
  prefix: string;
  /** The trailing digits without leading zeros, or null. */
  tail: string | null;
}

function idKey(id: string): IdKey {
  const match = /(\d+)$/.exec(id);
  if (!match) return { id, prefix: id, tail: null };
  return { id, prefix: id.slice(0, id.length - match[1]!.length), tail: match[1]!.replace(/^0+(?=\d)/, '') };
}

function compareIdKeys(a: IdKey, b: IdKey): number {
  if (a.tail !== null && b.tail !== null && a.prefix === b.prefix) {
    if (a.tail.length !== b.tail.length) return a.tail.length - b.tail.length;
    if (a.tail !== b.tail) return a.tail < b.tail ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sorts by compareIds, parsing each id once instead of on every comparison. */
function sortById<T extends { id: string }>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: idKey(item.id) }))
    .sort((a, b) => compareIdKeys(a.key, b.key))
    .map((entry) => entry.item);
}

export function buildCatalog(input: CatalogInput): Catalog {
  const sorted = sortById(input.products);
  const products = new Map<string, CatalogProduct>();
  const byOrdinal: CatalogProduct[] = [];
  const variants = new Map<string, CatalogVariant>();
  const sellingPlans = new Map<string, CatalogSellingPlanInput>();
  const byCollection = new Map<string, CatalogProduct[]>();
  const byTag = new Map<string, CatalogProduct[]>();
  const byVendor = new Map<string, CatalogProduct[]>();
  const byType = new Map<string, CatalogProduct[]>();

  sorted.forEach((raw, ordinal) => {
    const productVariants = raw.variants.map((variant) => toCatalogVariant(variant, raw.id));
    const product = toCatalogProduct(raw, ordinal, productVariants);
    products.set(product.id, product);
    byOrdinal.push(product);
    for (const variant of productVariants) variants.set(variant.id, variant);
    for (const plan of product.sellingPlans) sellingPlans.set(plan.id, plan);
    if (!product.active) return;
    for (const collectionId of new Set(product.collectionIds)) push(byCollection, collectionId, product);
    for (const tag of product.tagsLower) push(byTag, tag, product);
    if (product.vendorLower) push(byVendor, product.vendorLower, product);
    if (product.productTypeLower) push(byType, product.productTypeLower, product);
  });

  const active = byOrdinal.filter((p) => p.active);
  const newestFirst = [...active].sort((a, b) => b.createdAtMs - a.createdAtMs || a.ordinal - b.ordinal);
  const slowestMoving = active
    .filter((p) => p.totalInventory > 0)
    .map((product) => ({ product, score: product.totalInventory / ((product.unitsSoldRecently ?? 0) + 1) }))
    .sort((a, b) => b.score - a.score || a.product.ordinal - b.product.ordinal)
    .map((entry) => entry.product);

  const dateIndexes = new Map<string, DatedProduct[]>();
  const byDateMetafield = (key: string): readonly DatedProduct[] => {
    let index = dateIndexes.get(key);
    if (!index) {
      index = [];
      for (const product of active) {
        const value = product.metafields?.[key];
        const dateMs = value === undefined ? Number.NaN : parseMetafieldDate(value);
        if (!Number.isNaN(dateMs)) index.push({ product, dateMs });
      }
      index.sort((a, b) => a.dateMs - b.dateMs || a.product.ordinal - b.product.ordinal);
      dateIndexes.set(key, index);
    }
    return index;
  };

  return {
    shopCurrency: input.shopCurrency,
    products,
    byOrdinal,
    variants,
    sellingPlans,
    collections: input.collections ? new Map(input.collections.map((c) => [c.id, c])) : null,
    byCollection,
    byTag,
    byVendor,
    byType,
    ordinals: {
      byCollection: toOrdinals(byCollection),
      byTag: toOrdinals(byTag),
      byVendor: toOrdinals(byVendor),
      byType: toOrdinals(byType),
    },
    newestFirst,
    slowestMoving,
    byDateMetafield,
  };
}

// Objects are built field by field, in one order, rather than by spreading the input: every product then shares
// one hidden class, and the hot loops that read them stay monomorphic (spread-built objects measured ~100x slower
// per property read here).
function toCatalogVariant(variant: CatalogVariantInput, productId: string): CatalogVariant {
  return {
    id: variant.id,
    title: variant.title,
    sku: variant.sku ?? null,
    priceMinor: variant.priceMinor,
    compareAtPriceMinor: variant.compareAtPriceMinor ?? null,
    presentmentPricesMinor: variant.presentmentPricesMinor,
    presentmentCompareAtMinor: variant.presentmentCompareAtMinor,
    inventoryQuantity: variant.inventoryQuantity,
    inventoryPolicy: variant.inventoryPolicy,
    imageUrl: variant.imageUrl ?? null,
    sellingPlanIds: variant.sellingPlanIds,
    productId,
    sellableQuantity:
      variant.inventoryQuantity === null || variant.inventoryPolicy === 'continue'
        ? Number.POSITIVE_INFINITY
        : Math.max(0, variant.inventoryQuantity),
  };
}

function toCatalogProduct(raw: CatalogProductInput, ordinal: number, variants: CatalogVariant[]): CatalogProduct {
  return {
    id: raw.id,
    title: raw.title,
    handle: raw.handle,
    status: raw.status,
    vendor: raw.vendor,
    productType: raw.productType,
    tags: raw.tags,
    collectionIds: raw.collectionIds,
    createdAt: raw.createdAt,
    imageUrl: raw.imageUrl ?? null,
    metafields: raw.metafields,
    unitsSoldRecently: raw.unitsSoldRecently ?? 0,
    titleTranslations: raw.titleTranslations,
    ordinal,
    createdAtMs: Date.parse(raw.createdAt),
    tagsLower: [...new Set(raw.tags.map(normalizeText))],
    vendorLower: normalizeText(raw.vendor),
    productTypeLower: normalizeText(raw.productType),
    variants,
    sellingPlans: raw.sellingPlans ?? [],
    totalInventory: variants.reduce((sum, v) => sum + Math.max(0, v.inventoryQuantity ?? 0), 0),
    anyInStock: variants.some((v) => v.sellableQuantity > 0),
    active: raw.status === 'active',
  };
}

/** Tags, vendors and product types match case-insensitively, as Shopify's own filters do. */
export function normalizeText(value: string): string {
  return value.trim().toLowerCase();
}

/** "2026-12-01" is the end of that day in UTC (a product expiring that day is still sellable on it). */
export function parseMetafieldDate(value: string): number {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return Date.parse(`${trimmed}T23:59:59.999Z`);
  return Date.parse(trimmed);
}

function toOrdinals(index: ReadonlyMap<string, readonly CatalogProduct[]>): Map<string, Int32Array> {
  return new Map([...index].map(([key, products]) => [key, Int32Array.from(products, (product) => product.ordinal)]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The plans that apply to one variant of a product. */
export function plansForVariant(product: CatalogProduct, variant: CatalogVariant): readonly CatalogSellingPlanInput[] {
  if (!variant.sellingPlanIds) return product.sellingPlans;
  const allowed = new Set(variant.sellingPlanIds);
  return product.sellingPlans.filter((plan) => allowed.has(plan.id));
}
