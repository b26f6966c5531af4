// Bigblue's five flows, as candidate rankings a step can use instead of a product list. Each template is compiled
// once per funnel; at decide() time it visits catalog products best-first until the step has enough offerable
// ones. Rankings are deterministic: every tie falls back to the product's position in id order.
import type { Catalog, CatalogProduct } from './catalog.js';
import type { Template } from './definitions.js';
import type { OrderFacts } from './targeting.js';

const DAY_MS = 86_400_000;

/** Visits candidates best-first; return true from the visitor to stop. */
export type RankedSource = (facts: OrderFacts, nowMs: number, visit: (product: CatalogProduct) => boolean) => void;

export function compileTemplate(template: Template, catalog: Catalog): RankedSource {
  switch (template.template) {
    case 'related':
      return relatedSource(template.basis, catalog);
    case 'complementary':
      return complementarySource(template.pairs, catalog);
    case 'new_arrivals': {
      const windowMs = template.withinDays * DAY_MS;
      return (_facts, nowMs, visit) => {
        for (const product of catalog.newestFirst) {
          if (product.createdAtMs > nowMs) continue; // scheduled, not arrived yet
          if (product.createdAtMs < nowMs - windowMs) return;
          if (visit(product)) return;
        }
      };
    }
    case 'slow_movers': {
      const minInventory = template.minInventory;
      const minAgeMs = template.minAgeDays * DAY_MS;
      return (_facts, nowMs, visit) => {
        for (const product of catalog.slowestMoving) {
          if (product.totalInventory < minInventory || product.createdAtMs > nowMs - minAgeMs) continue;
          if (visit(product)) return;
        }
      };
    }
    case 'expiring_soon': {
      const windowMs = template.withinDays * DAY_MS;
      const key = template.metafield;
      const index = catalog.byDateMetafield(key);
      return (_facts, nowMs, visit) => {
        // first product not yet expired (binary search on the sorted dates)
        let low = 0;
        let high = index.length;
        while (low < high) {
          const mid = (low + high) >>> 1;
          if (index[mid]!.dateMs < nowMs) low = mid + 1;
          else high = mid;
        }
        for (let i = low; i < index.length; i++) {
          const entry = index[i]!;
          if (entry.dateMs > nowMs + windowMs) return;
          if (visit(entry.product)) return;
        }
      };
    }
  }
}

type RelatedBasis = 'collections' | 'tags' | 'productType' | 'vendor';

/** Points for what a candidate shares with the order: a collection weighs most, a vendor least. */
export const RELATED_WEIGHTS: Readonly<Record<RelatedBasis, number>> = {
  collections: 4,
  productType: 3,
  tags: 2,
  vendor: 1,
};

function relatedSource(basis: readonly RelatedBasis[], catalog: Catalog): RankedSource {
  const useVendor = basis.includes('vendor');
  const memoKey = `related:${[...basis].sort().join(',')}`;
  return (facts, _nowMs, visit) => {
    // Several funnels may rank "related" for the same order; score once per decision.
    let ranking = facts.memo.get(memoKey) as RelatedRanking | undefined;
    if (!ranking) {
      ranking = rankRelated(basis, catalog, facts);
      facts.memo.set(memoKey, ranking);
    }
    const { byOrdinal } = catalog;
    const { order, groupStart, sorted } = ranking;
    const total = order.length;
    for (let score = groupStart.length - 2; score > 0; score--) {
      // groups are laid out best first, so a group ends where the next lower score begins
      const from = groupStart[score]!;
      const to = score === 1 ? total : groupStart[score - 1]!;
      if (from === to) continue;
      if (!sorted[score]) {
        order.subarray(from, to).sort(); // ties in id order; only groups actually visited get sorted
        sorted[score] = 1;
      }
      for (let i = from; i < to; i++) if (visit(byOrdinal[order[i]!]!)) return;
    }
    // A shared vendor only adds a point to candidates found through the other bases; vendor-only products (score
    // 1) rank below all of them, so they are visited last, in id order, without scoring a single-brand catalog.
    if (!useVendor || facts.vendors.size === 0) return;
    const vendorOnly = (products: readonly CatalogProduct[]) => {
      for (const product of products) if (ranking.scores[product.ordinal] === 0 && visit(product)) return true;
      return false;
    };
    if (facts.vendors.size === 1) {
      const [vendor] = facts.vendors;
      vendorOnly(catalog.byVendor.get(vendor!) ?? []);
      return;
    }
    const merged = new Set<CatalogProduct>();
    for (const vendor of facts.vendors) for (const product of catalog.byVendor.get(vendor) ?? []) merged.add(product);
    vendorOnly([...merged].sort((a, b) => a.ordinal - b.ordinal));
  };
}

interface RelatedRanking {
  /** Score per product ordinal (0 = not related through collections, type or tags). */
  scores: Uint16Array;
  /** Scored ordinals grouped by score, best group first. */
  order: Int32Array;
  /** Where the group of score s begins in `order`; indexes 1..max are used. */
  groupStart: Int32Array;
  /** Groups already sorted by ordinal. */
  sorted: Uint8Array;
}

/**
 * Scores in a typed array indexed by ordinal over precomputed ordinal lists, then a counting sort by score over
 * only the products touched. Ties are put in id order lazily, for the groups a step actually reaches.
 */
function rankRelated(basis: readonly RelatedBasis[], catalog: Catalog, facts: OrderFacts): RelatedRanking {
  const scores = new Uint16Array(catalog.byOrdinal.length);
  const touched: number[] = [];
  const { ordinals } = catalog;
  const add = (list: Int32Array | undefined, points: number) => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const ordinal = list[i]!;
      const score = scores[ordinal]!;
      if (score === 0) touched.push(ordinal);
      scores[ordinal] = score + points;
    }
  };
  if (basis.includes('collections')) for (const id of facts.collectionIds) add(ordinals.byCollection.get(id), RELATED_WEIGHTS.collections);
  if (basis.includes('productType')) for (const type of facts.productTypes) add(ordinals.byType.get(type), RELATED_WEIGHTS.productType);
  if (basis.includes('tags')) for (const tag of facts.productTags) add(ordinals.byTag.get(tag), RELATED_WEIGHTS.tags);
  if (basis.includes('vendor')) {
    for (const vendor of facts.vendors) {
      const list = ordinals.byVendor.get(vendor);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const ordinal = list[i]!;
        const score = scores[ordinal]!;
        if (score > 0) scores[ordinal] = score + RELATED_WEIGHTS.vendor;
      }
    }
  }
  let max = 0;
  for (let i = 0; i < touched.length; i++) if (scores[touched[i]!]! > max) max = scores[touched[i]!]!;
  // counting sort: group sizes, then their starts with the best score first
  const groupStart = new Int32Array(max + 2);
  for (let i = 0; i < touched.length; i++) {
    const score = scores[touched[i]!]!;
    groupStart[score] = groupStart[score]! + 1;
  }
  let offset = 0;
  for (let score = max; score > 0; score--) {
    const size = groupStart[score]!;
    groupStart[score] = offset;
    offset += size;
  }
  const next = groupStart.slice();
  const order = new Int32Array(touched.length);
  for (let i = 0; i < touched.length; i++) {
    const ordinal = touched[i]!;
    const score = scores[ordinal]!;
    const slot = next[score]!;
    order[slot] = ordinal;
    next[score] = slot + 1;
  }
  return { scores, order, groupStart, sorted: new Uint8Array(max + 1) };
}

function complementarySource(pairs: readonly { productId: string; complementIds: readonly string[] }[], catalog: Catalog): RankedSource {
  const complementsOf = new Map<string, string[]>();
  for (const pair of pairs) {
    const list = complementsOf.get(pair.productId) ?? [];
    for (const id of pair.complementIds) if (!list.includes(id)) list.push(id);
    complementsOf.set(pair.productId, list);
  }
  return (facts, _nowMs, visit) => {
    // Score = how many products in the order point at the complement; ties keep the merchant's listed order,
    // taking order products in id order so the result does not depend on line order.
    const votes = new Map<string, { count: number; firstSeen: number }>();
    let seen = 0;
    const orderProducts = [...facts.productIds].sort(
      (a, b) => (catalog.products.get(a)?.ordinal ?? 0) - (catalog.products.get(b)?.ordinal ?? 0),
    );
    for (const productId of orderProducts) {
      for (const complementId of complementsOf.get(productId) ?? []) {
        const vote = votes.get(complementId);
        if (vote) vote.count++;
        else votes.set(complementId, { count: 1, firstSeen: seen++ });
      }
    }
    const ranked = [...votes].sort((a, b) => b[1].count - a[1].count || a[1].firstSeen - b[1].firstSeen);
    for (const [id] of ranked) {
      const product = catalog.products.get(id);
      if (product && visit(product)) return;
    }
  };
}

/** Convenience for tests and previews: the first `limit` products a template ranks, unfiltered. */
export function rankTemplate(template: Template, catalog: Catalog, facts: OrderFacts, nowMs: number, limit: number): CatalogProduct[] {
  const picked: CatalogProduct[] = [];
  compileTemplate(template, catalog)(facts, nowMs, (product) => {
    picked.push(product);
    return picked.length >= limit;
  });
  return picked;
}
