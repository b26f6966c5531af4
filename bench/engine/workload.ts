// A deterministic synthetic shop for the engine benchmark: 10,000 products, 500 active funnels on one surface
// (the worst case: every funnel competes for the same order) and 1,000 orders. The mix is what a big shop looks
// like: most funnels target specific products, collections or customers and do not match a given order; a few
// broad, low-priority fallbacks catch the rest.
import type { CatalogProductInput, CatalogSellingPlanInput } from '../../web/server/offers/catalog.js';
import type { DecideContext, OrderLine } from '../../web/server/offers/context.js';
import type { FunnelDefinitionInput } from '../../web/server/offers/definitions.js';

export interface WorkloadSize {
  products: number;
  funnels: number;
  orders: number;
}

export const DEFAULT_SIZE: WorkloadSize = { products: 10_000, funnels: 500, orders: 1_000 };

/** A 32-bit LCG: the same workload on every run and machine. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const chosen = new Set<T>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(pick(items));
    return [...chosen];
  };
  return { next, int, pick, sample };
}

const productId = (n: number) => `gid://shopify/Product/${100_000 + n}`;
const variantId = (n: number, k: number) => `gid://shopify/ProductVariant/${(100_000 + n) * 10 + k}`;
const collectionId = (n: number) => `gid://shopify/Collection/${500 + n}`;
const planId = (n: number) => `gid://shopify/SellingPlan/${900 + n}`;

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

const PLANS: CatalogSellingPlanInput[] = [
  {
    id: planId(1),
    name: 'Monthly, save 10%',
    category: 'SUBSCRIPTION',
    billing: { interval: 'MONTH', intervalCount: 1 },
    delivery: { interval: 'MONTH', intervalCount: 1 },
    priceAdjustment: { type: 'percentage', percent: 10 },
  },
  {
    id: planId(2),
    name: 'Every 2 months, save 10%',
    category: 'SUBSCRIPTION',
    billing: { interval: 'MONTH', intervalCount: 2 },
    delivery: { interval: 'MONTH', intervalCount: 2 },
    priceAdjustment: { type: 'percentage', percent: 10 },
  },
  {
    id: planId(3),
    name: 'Yearly prepaid, save 15%',
    category: 'SUBSCRIPTION',
    billing: { interval: 'YEAR', intervalCount: 1 },
    delivery: { interval: 'MONTH', intervalCount: 1 },
    priceAdjustment: { type: 'percentage', percent: 15 },
  },
];

export interface Workload {
  products: CatalogProductInput[];
  funnels: FunnelDefinitionInput[];
  /** Everything decide() needs except the catalog and compiled funnels, one per order. */
  orders: Array<Omit<DecideContext, 'catalog' | 'funnels' | 'settings'>>;
  settings: {
    locales: Array<'en' | 'fr' | 'de'>;
    holdoutPercent: number;
    frequencyCap: { maxOffers: number; windowHours: number };
    exchangeRates: Record<string, string>;
  };
}

export function buildWorkload(size: WorkloadSize = DEFAULT_SIZE): Workload {
  const r = random(20261123);
  const vendors = Array.from({ length: 40 }, (_, i) => `Vendor ${i}`);
  const types = Array.from({ length: 30 }, (_, i) => `Type ${i}`);
  const tags = Array.from({ length: 300 }, (_, i) => `tag-${i}`);
  const collections = Array.from({ length: 200 }, (_, i) => collectionId(i));

  const products: CatalogProductInput[] = [];
  for (let n = 0; n < size.products; n++) {
    const variantCount = r.int(1, 4);
    const basePrice = r.int(5, 60) * 100 - r.pick([0, 1, 5]);
    const stockRoll = r.next();
    products.push({
      id: productId(n),
      title: `Product ${n}`,
      handle: `product-${n}`,
      status: r.next() < 0.97 ? 'active' : 'archived',
      vendor: r.pick(vendors),
      productType: r.pick(types),
      tags: r.sample(tags, r.int(3, 6)),
      collectionIds: r.sample(collections, r.int(1, 3)),
      createdAt: new Date(NOW.getTime() - r.int(0, 400) * DAY).toISOString(),
      imageUrl: `https://cdn.example.com/p/${n}.jpg`,
      metafields: r.next() < 0.05 ? { 'custom.expiry_date': new Date(NOW.getTime() + r.int(1, 90) * DAY).toISOString().slice(0, 10) } : {},
      unitsSoldRecently: r.int(0, 50),
      variants: Array.from({ length: variantCount }, (_, k) => ({
        id: variantId(n, k + 1),
        title: variantCount === 1 ? 'Default Title' : `Option ${k + 1}`,
        priceMinor: basePrice + k * 200,
        compareAtPriceMinor: r.next() < 0.2 ? basePrice + 500 : null,
        inventoryQuantity: stockRoll < 0.08 ? 0 : stockRoll < 0.18 ? null : r.int(0, 200),
        inventoryPolicy: 'deny' as const,
      })),
      sellingPlans: r.next() < 0.15 ? PLANS : [],
    });
  }
  const active = products.filter((p) => p.status === 'active');
  const withPlans = active.filter((p) => (p.sellingPlans ?? []).length > 0);

  const content = {
    en: { headline: 'Add {product}', body: 'Only now: {discount}.', button: 'Add to order' },
    fr: { headline: 'Ajoutez {product}', body: 'Maintenant seulement : {discount}.', button: 'Ajouter' },
    de: { headline: '{product} hinzufügen', body: 'Nur jetzt: {discount}.', button: 'Hinzufügen' },
  };
  const discount = () =>
    r.next() < 0.7
      ? { type: 'percentage' as const, percent: r.pick([5, 10, 15, 20, 25]) }
      : { type: 'fixed_amount' as const, amountMinor: r.pick([100, 200, 300]) };
  const offer = (): FunnelDefinitionInput['steps'][number]['offer'] => {
    const roll = r.next();
    if (roll < 0.45)
      return {
        kind: 'product',
        source: { type: 'product', productId: r.pick(active).id },
        discount: discount(),
        maxQuantity: r.int(1, 3),
      };
    if (roll < 0.6)
      return {
        kind: 'choice',
        source: { type: 'products', items: r.sample(active, 3).map((p) => ({ productId: p.id })) },
        discount: discount(),
      };
    if (roll < 0.7)
      return {
        kind: 'tiers',
        productId: r.pick(active).id,
        tiers: [
          { quantity: 1 },
          { quantity: 2, discount: { type: 'percentage', percent: 10 } },
          { quantity: 3, discount: { type: 'percentage', percent: 15 } },
        ],
      };
    if (roll < 0.75 && withPlans.length > 0)
      return {
        kind: 'plans',
        productId: r.pick(withPlans).id,
        oneTime: {},
        plans: { type: 'all', discount: { type: 'percentage', percent: 5 } },
      };
    const template = r.pick([
      { template: 'related' as const },
      { template: 'new_arrivals' as const, withinDays: 30 },
      { template: 'slow_movers' as const },
      { template: 'expiring_soon' as const, metafield: 'custom.expiry_date', withinDays: 30 },
      {
        template: 'complementary' as const,
        pairs: r.sample(active, 20).map((p) => ({ productId: p.id, complementIds: r.sample(active, 2).map((c) => c.id) })),
      },
    ]);
    return r.next() < 0.5
      ? { kind: 'product', source: { type: 'template', template }, discount: discount() }
      : { kind: 'choice', source: { type: 'template', template, limit: 3 }, discount: discount() };
  };

  // Each specific funnel matches a few percent of orders at most, the way a merchant with hundreds of funnels
  // aims each one at particular products, collections or customers.
  const targeting = (): FunnelDefinitionInput['targeting'] => {
    const roll = r.next();
    if (roll < 0.45) return { conditions: [{ type: 'products', productIds: r.sample(active, r.int(3, 10)).map((p) => p.id) }] };
    if (roll < 0.65)
      return {
        conditions: [
          { type: 'collections', collectionIds: [r.pick(collections)] },
          { type: 'subtotal', minMinor: r.int(40, 120) * 100 },
        ],
      };
    if (roll < 0.8)
      return {
        conditions: [
          { type: 'customerTags', tags: [r.pick(['vip', 'wholesale', 'newsletter'])] },
          { type: 'shippingCountry', countries: [r.pick(['US', 'CA', 'DE', 'FR', 'GB'])] },
          { type: 'productTypes', productTypes: r.sample(types, 3) },
        ],
      };
    if (roll < 0.9)
      return {
        conditions: [
          { type: 'vendors', vendors: [r.pick(vendors)] },
          { type: 'productTags', tags: r.sample(tags, 3) },
        ],
      };
    return {
      match: 'any',
      conditions: [
        { type: 'orderTags', tags: ['vip-order'] },
        {
          type: 'group',
          match: 'all',
          conditions: [
            { type: 'currency', currencies: ['EUR'] },
            { type: 'subtotal', minMinor: 15_000 },
          ],
        },
      ],
    };
  };

  const funnels: FunnelDefinitionInput[] = [];
  for (let f = 0; f < size.funnels; f++) {
    const stepCount = r.int(1, 4);
    const ids = Array.from({ length: stepCount }, (_, i) => `f${f}-s${i}`);
    const steps = ids.map((id, i) => ({
      id,
      offer: offer(),
      content,
      countdownSeconds: r.next() < 0.3 ? 600 : null,
      accept: i === 0 && ids[1] ? ids[1] : null,
      decline: i === 0 && ids[2] ? ids[2] : i === 2 && ids[3] ? ids[3] : null,
    }));
    // 5 %: broad, low-priority funnels for North American orders over $30; orders elsewhere that nothing specific
    // matched get no offer after every funnel was looked at (the slowest path).
    const fallback = f % 20 === 0;
    const experiment = f >= 20 && f < 40 ? { key: `test-${Math.floor(f / 2)}`, arm: f % 2 === 0 ? 'A' : 'B' } : null;
    funnels.push({
      id: `funnel-${f}`,
      name: `Funnel ${f}`,
      surface: 'post_purchase',
      priority: fallback ? r.int(-100, -90) : r.int(-50, 100),
      targeting: fallback
        ? {
            conditions: [
              { type: 'shippingCountry', countries: ['US', 'CA'] },
              { type: 'subtotal', minMinor: 3_000 },
              { type: 'hasSubscription', value: false },
            ],
          }
        : targeting(),
      experiment,
      rootStepId: ids[0]!,
      steps,
    });
  }

  const orders: Workload['orders'] = [];
  for (let o = 0; o < size.orders; o++) {
    const lines: OrderLine[] = r.sample(active, r.int(1, 4)).map((p) => ({
      productId: p.id,
      variantId: p.variants[0]!.id,
      quantity: r.int(1, 3),
      unitPriceMinor: p.variants[0]!.priceMinor,
      sellingPlanId: r.next() < 0.05 ? planId(1) : null,
      collectionIds: p.collectionIds,
      tags: p.tags,
      vendor: p.vendor,
      productType: p.productType,
    }));
    const subtotal = lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
    const currency = r.next() < 0.8 ? 'USD' : r.next() < 0.75 ? 'EUR' : 'CAD';
    const guest = r.next() < 0.2;
    orders.push({
      surface: 'post_purchase',
      now: NOW,
      order: {
        key: `gid://shopify/Order/${700_000 + o}`,
        lines,
        subtotal: { shopMinor: subtotal, presentmentMinor: subtotal },
        presentmentCurrency: currency,
        tags: r.next() < 0.03 ? ['vip-order'] : [],
        shippingCountry: r.pick(['US', 'US', 'US', 'CA', 'DE', 'FR', 'GB']),
        salesChannel: 'online_store',
      },
      customer: guest
        ? null
        : {
            id: `gid://shopify/Customer/${o}`,
            previousOrderCount: r.int(0, 12),
            tags: r.next() < 0.3 ? [r.pick(['vip', 'wholesale', 'newsletter'])] : [],
            purchasedProductIds: r.sample(active, r.int(0, 30)).map((p) => p.id),
          },
      locale: r.pick(['en', 'en', 'fr-CA', 'de-DE', 'es']),
      ledger: {
        declinedProductIds: r.next() < 0.2 ? r.sample(active, 2).map((p) => p.id) : [],
        declinedOfferIds: [],
        recentImpressions: Array.from({ length: r.int(0, 3) }, (_, i) => ({
          shownAt: new Date(NOW.getTime() - (i + 1) * 3_600_000).toISOString(),
          orderKey: `gid://shopify/Order/${600_000 + o}`,
          surface: 'email' as const,
        })),
      },
    });
  }
  return {
    products,
    funnels,
    orders,
    settings: {
      locales: ['en', 'fr', 'de'],
      holdoutPercent: 5,
      frequencyCap: { maxOffers: 10, windowHours: 24 },
      exchangeRates: { EUR: '0.92', CAD: '1.39' },
    },
  };
}
