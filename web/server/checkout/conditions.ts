// Funnel targeting translated into what the checkout block can evaluate by itself (see offers-contract.ts
// OfferConditions): "the cart holds one of these items", "the cart holds none of these", a subtotal range, and
// (through which prices an offer carries) the checkout currency. Everything else the engine can target - the
// customer, order tags, the shipping country, the language, the sales channel - is unknown to the checkout block
// at first paint, so a funnel that needs it cannot be synced faithfully and is left out with a reason.
//
// Pure: the catalog resolves collections, tags, vendors and product types to product lists, because checkout cart
// lines carry product and variant ids only.
import type { ItemSelector, OfferConditions, SubtotalRange } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { type Catalog, compareIds, type LeafCondition, normalizeText, type Targeting, type TargetingCondition } from '../offers/index.js';

/** An "any of these items" selector, with its lists as sets (sorted when written out). */
export interface SelectorDraft {
  productIds: Set<string>;
  variantIds: Set<string>;
  /** Keys of the contract's `collections` map: collection GIDs, or `encore:tag:…` / `encore:vendor:…` / `encore:type:…`. */
  listKeys: Set<string>;
}

/** Conditions in shop-currency terms; rendered per presentment currency later. */
export interface ConditionsDraft {
  /** The cart must hold at least one of these (null: no such requirement). */
  includes: SelectorDraft | null;
  /** The cart must hold none of these (null: nothing excluded). */
  excludes: SelectorDraft | null;
  /** Shop-currency subtotal bounds: min inclusive, max exclusive (null: unbounded). */
  subtotal: { minMinor: number | null; maxMinor: number | null } | null;
  /** Checkout currencies the offer may show in (null: any). */
  currencies: Set<string> | null;
  /** Checkout currencies the offer must not show in. */
  excludedCurrencies: Set<string>;
}

export type TranslatedTargeting =
  | { ok: true; conditions: ConditionsDraft; lists: ReadonlyMap<string, readonly string[]> }
  | { ok: false; reasons: string[] };

/** Product lists the translation produced (collection and tag/vendor/type keys -> product GIDs). */
type Lists = Map<string, readonly string[]>;

type Part = { ok: true; draft: ConditionsDraft } | { ok: false; reasons: string[] };

export function emptyConditions(): ConditionsDraft {
  return { includes: null, excludes: null, subtotal: null, currencies: null, excludedCurrencies: new Set() };
}

export function emptySelector(): SelectorDraft {
  return { productIds: new Set(), variantIds: new Set(), listKeys: new Set() };
}

/**
 * Translates a funnel's targeting. `ok: false` lists, in merchant words, every condition the checkout cannot
 * evaluate; the caller leaves the funnel out rather than show its offers to shoppers it was not meant for.
 */
export function translateTargeting(targeting: Targeting, catalog: Catalog): TranslatedTargeting {
  const lists: Lists = new Map();
  const parts = targeting.conditions.map((condition) => translateEntry(condition, catalog, lists));
  const combined = targeting.match === 'all' ? conjunction(parts) : disjunction(parts);
  if (!combined.ok) return { ok: false, reasons: combined.reasons };
  if (combined.draft.subtotal && isEmptyRange(combined.draft.subtotal)) {
    return { ok: false, reasons: ['its subtotal conditions leave no subtotal that matches all of them'] };
  }
  return { ok: true, conditions: combined.draft, lists };
}

/** ANDs two drafts, e.g. a funnel's targeting and a complementary template's "cart holds a paired product". */
export function combineConditions(a: ConditionsDraft, b: ConditionsDraft): Part {
  return conjunction([
    { ok: true, draft: a },
    { ok: true, draft: b },
  ]);
}

/**
 * The conditions as the contract writes them (lists sorted), with the subtotal ranges per currency; records in
 * `planLists` the product lists they refer to. null when the offer has no conditions.
 */
export function renderConditions(
  draft: ConditionsDraft,
  funnelLists: ReadonlyMap<string, readonly string[]>,
  subtotal: SubtotalRange[] | undefined,
  planLists: Map<string, readonly string[]>,
): OfferConditions | null {
  const selector = (s: SelectorDraft): ItemSelector => {
    const out: { productIds?: string[]; variantIds?: string[]; collectionIds?: string[] } = {};
    if (s.productIds.size) out.productIds = [...s.productIds].sort(compareIds);
    if (s.variantIds.size) out.variantIds = [...s.variantIds].sort(compareIds);
    if (s.listKeys.size) {
      out.collectionIds = [...s.listKeys].sort(compareIds);
      for (const key of out.collectionIds) planLists.set(key, funnelLists.get(key) ?? []);
    }
    return out;
  };
  const conditions: OfferConditions = {};
  if (draft.includes) conditions.cartIncludesAny = selector(draft.includes);
  if (draft.excludes) conditions.cartExcludes = selector(draft.excludes);
  if (subtotal) conditions.subtotal = subtotal;
  return Object.keys(conditions).length > 0 ? conditions : null;
}

function translateEntry(entry: TargetingCondition, catalog: Catalog, lists: Lists): Part {
  if (entry.type !== 'group') return translateLeaf(entry, catalog, lists);
  const parts = entry.conditions.map((condition) => translateLeaf(condition, catalog, lists));
  return entry.match === 'all' ? conjunction(parts) : disjunction(parts);
}

function translateLeaf(condition: LeafCondition, catalog: Catalog, lists: Lists): Part {
  const selector = (fill: (s: SelectorDraft) => void, negate: boolean): Part => {
    const s = emptySelector();
    fill(s);
    return { ok: true, draft: negate ? { ...emptyConditions(), excludes: s } : { ...emptyConditions(), includes: s } };
  };
  switch (condition.type) {
    case 'subtotal':
      return { ok: true, draft: { ...emptyConditions(), subtotal: { minMinor: condition.minMinor, maxMinor: condition.maxMinor } } };
    case 'products':
      return selector((s) => addAll(s.productIds, condition.productIds), condition.negate);
    case 'variants':
      return selector((s) => addAll(s.variantIds, condition.variantIds), condition.negate);
    case 'collections':
      return selector((s) => {
        for (const id of condition.collectionIds) {
          lists.set(id, productList(catalog.byCollection.get(id)));
          s.listKeys.add(id);
        }
      }, condition.negate);
    case 'productTags':
      return selector((s) => addNamedLists(s, lists, 'tag', condition.tags, catalog.byTag), condition.negate);
    case 'vendors':
      return selector((s) => addNamedLists(s, lists, 'vendor', condition.vendors, catalog.byVendor), condition.negate);
    case 'productTypes':
      return selector((s) => addNamedLists(s, lists, 'type', condition.productTypes, catalog.byType), condition.negate);
    case 'currency':
      return condition.negate
        ? { ok: true, draft: { ...emptyConditions(), excludedCurrencies: new Set(condition.currencies) } }
        : { ok: true, draft: { ...emptyConditions(), currencies: new Set(condition.currencies) } };
    case 'customerStatus':
      return unsupported(`it targets ${condition.status} customers (the checkout block does not know the customer's history)`);
    case 'orderCount':
      return unsupported("it targets the customer's number of earlier orders (unknown to the checkout block)");
    case 'customerTags':
      return unsupported('it targets customer tags (unknown to the checkout block)');
    case 'orderTags':
      return unsupported('it targets order tags (an order does not exist yet during checkout)');
    case 'shippingCountry':
      return unsupported('it targets the shipping country (not known when the checkout block first renders)');
    case 'locale':
      return unsupported("it targets the shopper's language (the checkout offers are the same in every language)");
    case 'salesChannel':
      return unsupported('it targets a sales channel (unknown to the checkout block)');
    case 'hasSubscription':
      return unsupported('it targets whether the order has a subscription (unknown to the checkout block)');
  }
}

function addAll<T>(target: Set<T>, values: Iterable<T>): void {
  for (const value of values) target.add(value);
}

function unsupported(reason: string): Part {
  return { ok: false, reasons: [reason] };
}

function productList(products: readonly { id: string }[] | undefined): string[] {
  return (products ?? []).map((p) => p.id).sort(compareIds);
}

function addNamedLists(
  selector: SelectorDraft,
  lists: Lists,
  kind: 'tag' | 'vendor' | 'type',
  values: readonly string[],
  index: ReadonlyMap<string, readonly { id: string }[]>,
): void {
  for (const value of values) {
    const normalized = normalizeText(value);
    const key = `encore:${kind}:${normalized}`;
    lists.set(key, productList(index.get(normalized)));
    selector.listKeys.add(key);
  }
}

function conjunction(parts: readonly Part[]): Part {
  const reasons = parts.flatMap((p) => (p.ok ? [] : p.reasons));
  if (reasons.length > 0) return { ok: false, reasons };
  const result = emptyConditions();
  for (const part of parts) {
    if (!part.ok) continue;
    const d = part.draft;
    if (d.includes) {
      if (result.includes && !sameSelector(result.includes, d.includes)) {
        return unsupported(
          'it requires the cart to hold items from two different lists at once ' +
            '(the checkout block checks one "cart contains" list per offer)',
        );
      }
      result.includes = d.includes;
    }
    if (d.excludes) result.excludes = mergeSelectors(result.excludes, d.excludes);
    if (d.subtotal) result.subtotal = intersectRanges(result.subtotal, d.subtotal);
    if (d.currencies)
      result.currencies = result.currencies ? new Set([...result.currencies].filter((c) => d.currencies!.has(c))) : new Set(d.currencies);
    for (const currency of d.excludedCurrencies) result.excludedCurrencies.add(currency);
  }
  return { ok: true, draft: result };
}

function disjunction(parts: readonly Part[]): Part {
  if (parts.length === 1) return parts[0]!;
  const reasons = parts.flatMap((p) => (p.ok ? [] : p.reasons));
  if (reasons.length > 0) return { ok: false, reasons };
  // "Cart holds A, or cart holds B" is one selector; any other ANY (a subtotal OR a product...) is not expressible.
  let includes: SelectorDraft | null = null;
  for (const part of parts) {
    if (!part.ok) continue;
    const { includes: partIncludes, ...rest } = part.draft;
    if (!partIncludes || !isNeutral(rest)) {
      return unsupported(
        'it matches ANY of several kinds of conditions (the checkout block can only combine "cart contains" conditions with ANY)',
      );
    }
    includes = mergeSelectors(includes, partIncludes);
  }
  return { ok: true, draft: { ...emptyConditions(), includes } };
}

function isNeutral(d: Omit<ConditionsDraft, 'includes'>): boolean {
  return d.excludes === null && d.subtotal === null && d.currencies === null && d.excludedCurrencies.size === 0;
}

function mergeSelectors(a: SelectorDraft | null, b: SelectorDraft): SelectorDraft {
  const merged = emptySelector();
  for (const s of a ? [a, b] : [b]) {
    addAll(merged.productIds, s.productIds);
    addAll(merged.variantIds, s.variantIds);
    addAll(merged.listKeys, s.listKeys);
  }
  return merged;
}

function sameSelector(a: SelectorDraft, b: SelectorDraft): boolean {
  const same = (x: Set<string>, y: Set<string>) => x.size === y.size && [...x].every((v) => y.has(v));
  return same(a.productIds, b.productIds) && same(a.variantIds, b.variantIds) && same(a.listKeys, b.listKeys);
}

function intersectRanges(
  a: ConditionsDraft['subtotal'],
  b: NonNullable<ConditionsDraft['subtotal']>,
): NonNullable<ConditionsDraft['subtotal']> {
  if (!a) return { ...b };
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  const min = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  return { minMinor: max(a.minMinor, b.minMinor), maxMinor: min(a.maxMinor, b.maxMinor) };
}

function isEmptyRange(range: NonNullable<ConditionsDraft['subtotal']>): boolean {
  return range.minMinor !== null && range.maxMinor !== null && range.minMinor >= range.maxMinor;
}
