// The gate index lets decide() report funnels that cannot match without evaluating them. It must never change
// a decision: same outcome, same funnel, same trace, word for word.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogOf,
  collectionGid,
  context,
  funnel,
  line,
  order,
  product,
  productGid,
  productStep,
} from '../../../test/support/engine-fixtures.js';
import { compileFunnels } from './compile.js';
import { decide } from './engine.js';

const TAGS = ['red', 'green', 'blue', 'gold', 'sale', 'new'];
const VENDORS = ['Acme', 'Globex', 'Initech'];
const TYPES = ['Shirt', 'Mug', 'Tea'];

const catalogProducts = Array.from({ length: 24 }, (_, i) => {
  const n = i + 1;
  return product(n, {
    price: 500 + n * 100,
    tags: [TAGS[n % TAGS.length]!, TAGS[(n * 3) % TAGS.length]!],
    vendor: VENDORS[n % VENDORS.length]!,
    productType: TYPES[(n >> 1) % TYPES.length]!,
    collectionIds: [collectionGid(n % 5), collectionGid((n * 7) % 5)],
  });
});
const catalog = catalogOf(catalogProducts);

const productNumber = fc.integer({ min: 1, max: 24 });
const conditionArb = fc.oneof(
  fc.record({
    type: fc.constant('products' as const),
    productIds: fc.uniqueArray(productNumber.map(productGid), { minLength: 1, maxLength: 4 }),
    negate: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('collections' as const),
    collectionIds: fc.uniqueArray(fc.integer({ min: 0, max: 5 }).map(collectionGid), { minLength: 1, maxLength: 2 }),
    negate: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('productTags' as const),
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 2 }),
    negate: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('vendors' as const),
    vendors: fc.uniqueArray(fc.constantFrom(...VENDORS), { minLength: 1, maxLength: 2 }),
    negate: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('productTypes' as const),
    productTypes: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 2 }),
    negate: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('subtotal' as const),
    minMinor: fc.integer({ min: 0, max: 5000 }),
    maxMinor: fc.constant(null),
  }),
  fc.record({
    type: fc.constant('customerTags' as const),
    tags: fc.constant(['vip']).map((tags) => [...tags]),
    negate: fc.boolean(),
  }),
);

const funnelsArb = fc.array(
  fc.record({
    match: fc.constantFrom('all' as const, 'any' as const),
    conditions: fc.array(conditionArb, { minLength: 0, maxLength: 3 }),
    priority: fc.integer({ min: -5, max: 5 }),
    offered: productNumber,
    arm: fc.option(fc.constantFrom('A', 'B'), { nil: null }),
  }),
  { minLength: 1, maxLength: 30 },
);

const orderArb = fc.uniqueArray(productNumber, { minLength: 1, maxLength: 3 }).map((numbers) =>
  order({
    lines: numbers.map((n) => {
      const p = catalogProducts[n - 1]!;
      return line(n, {
        unitPriceMinor: p.variants[0]!.priceMinor,
        collectionIds: p.collectionIds,
        tags: p.tags,
        vendor: p.vendor,
        productType: p.productType,
      });
    }),
  }),
);

describe('gate index', () => {
  it('when funnels are skipped through the gate index, then every decision and trace equals full evaluation', () => {
    fc.assert(
      fc.property(funnelsArb, orderArb, fc.boolean(), fc.string(), (specs, subject, vip, orderKey) => {
        const definitions = specs.map((spec, i) =>
          funnel({
            id: `f${i}`,
            priority: spec.priority,
            targeting: { match: spec.match, conditions: spec.conditions },
            experiment: spec.arm === null ? null : { key: 'test', arm: `${spec.arm}${i % 2}` },
            steps: [productStep(`s${i}`, spec.offered)],
          }),
        );
        const base = context({
          catalog,
          funnels: definitions,
          order: { ...subject, key: orderKey },
          customer: { id: 'c', previousOrderCount: 1, tags: vip ? ['VIP'] : [], purchasedProductIds: [] },
        });
        const gated = decide(base);
        const full = decide({ ...base, funnels: compileFunnels(definitions, catalog, { useGateIndex: false }) });
        expect(gated).toEqual(full);
      }),
      { numRuns: 400 },
    );
  });

  it("when an order holds none of a funnel's required products, then the trace names the same condition full evaluation would", () => {
    const f = funnel({
      id: 'gated',
      name: 'Gated',
      targeting: {
        conditions: [
          { type: 'subtotal', minMinor: 99_999 },
          { type: 'products', productIds: [productGid(9)] },
        ],
      },
      steps: [productStep('s', 2)],
    });
    const decision = decide(context({ catalog, funnels: [f] }));
    expect(decision.trace).toEqual([
      {
        funnelId: 'gated',
        outcome: 'dropped',
        reason: 'targeting_failed',
        message: '"Gated": Targeting not met: the order subtotal must be at least $999.99.',
      },
    ]);
  });
});
