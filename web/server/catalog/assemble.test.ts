import { describe, expect, it } from 'vitest';
import { buildCatalog, plansForVariant } from '../offers/catalog.js';
import type { CatalogVariantNode } from '../shopify/graphql/CatalogVariantFieldsFragment.js';
import type { MoneyFields } from '../shopify/graphql/MoneyFieldsFragment.js';
import type { SellingPlanNode, SellingPlanPricingPolicyNode } from '../shopify/graphql/SellingPlanFieldsFragment.js';
import { assembleCatalogInput, type CatalogSource, type SourceProduct, type SourceSellingPlanGroup } from './assemble.js';

const productGid = (n: number) => `gid://shopify/Product/${n}`;
const variantGid = (n: number) => `gid://shopify/ProductVariant/${n}`;
const groupGid = (n: number) => `gid://shopify/SellingPlanGroup/${n}`;
const planGid = (n: number) => `gid://shopify/SellingPlan/${n}`;

function variantNode(n: number, overrides: Partial<CatalogVariantNode> = {}): CatalogVariantNode {
  return {
    id: variantGid(n),
    title: `Variant ${n}`,
    sku: `SKU-${n}`,
    price: '10.00',
    compareAtPrice: null,
    inventoryQuantity: 5,
    inventoryPolicy: 'DENY',
    inventoryItem: { tracked: true },
    ...overrides,
  };
}

function sourceProduct(n: number, overrides: Partial<SourceProduct> = {}): SourceProduct {
  return {
    id: productGid(n),
    title: `Product ${n}`,
    handle: `product-${n}`,
    status: 'ACTIVE',
    vendor: 'Acme',
    productType: 'Coffee',
    tags: ['a'],
    createdAt: '2026-11-01T00:00:00Z',
    imageUrl: null,
    metafields: [],
    collectionIds: [],
    sellingPlanGroupIds: [],
    variants: [variantNode(n * 10 + 1)],
    ...overrides,
  };
}

const percentOff = (percentage: number): SellingPlanPricingPolicyNode => ({
  __typename: 'SellingPlanFixedPricingPolicy',
  adjustmentType: 'PERCENTAGE',
  adjustmentValue: { __typename: 'SellingPlanPricingPolicyPercentageValue', percentage },
});

function planNode(n: number, overrides: Partial<SellingPlanNode> = {}): SellingPlanNode {
  return {
    id: planGid(n),
    name: `Plan ${n}`,
    position: n,
    category: 'SUBSCRIPTION',
    billingPolicy: { __typename: 'SellingPlanRecurringBillingPolicy', interval: 'MONTH', intervalCount: 1 },
    deliveryPolicy: { __typename: 'SellingPlanRecurringDeliveryPolicy', interval: 'MONTH', intervalCount: 1 },
    pricingPolicies: [percentOff(10)],
    ...overrides,
  };
}

function source(overrides: Partial<CatalogSource>): CatalogSource {
  return { shopCurrency: 'USD', products: [], collections: [], sellingPlanGroups: [], unitsSold: new Map(), ...overrides };
}

describe('assembleCatalogInput', () => {
  it('when prices come as decimal strings, then they become exact minor units of the shop currency', () => {
    const usd = assembleCatalogInput(
      source({
        products: [
          sourceProduct(1, {
            variants: [variantNode(11, { price: '16.00', compareAtPrice: '18.50' }), variantNode(12, { price: '0.07' })],
          }),
        ],
      }),
    );
    expect(usd.input.products[0]!.variants.map((v) => [v.priceMinor, v.compareAtPriceMinor])).toEqual([
      [1600, 1850],
      [7, null],
    ]);

    const jpy = assembleCatalogInput(
      source({ shopCurrency: 'JPY', products: [sourceProduct(1, { variants: [variantNode(11, { price: '1500' })] })] }),
    );
    expect(jpy.input.products[0]!.variants[0]!.priceMinor).toBe(1500);

    const kwd = assembleCatalogInput(
      source({ shopCurrency: 'KWD', products: [sourceProduct(1, { variants: [variantNode(11, { price: '1.250' })] })] }),
    );
    expect(kwd.input.products[0]!.variants[0]!.priceMinor).toBe(1250);
  });

  it('when a variant price has more decimals than the currency allows, then that variant is left out and reported', () => {
    const { input, problems } = assembleCatalogInput(
      source({ products: [sourceProduct(1, { variants: [variantNode(11, { price: '10.005' }), variantNode(12, { price: '9.00' })] })] }),
    );
    expect(input.products[0]!.variants.map((v) => v.id)).toEqual([variantGid(12)]);
    expect(problems).toEqual([expect.objectContaining({ kind: 'variant_skipped', variantId: variantGid(11) })]);
  });

  it('when no variant of a product can be priced, then the product is left out', () => {
    const { input, problems } = assembleCatalogInput(
      source({ products: [sourceProduct(1, { variants: [variantNode(11, { price: 'abc' })] })] }),
    );
    expect(input.products).toEqual([]);
    expect(problems.map((p) => p.kind)).toEqual(['variant_skipped', 'product_skipped']);
  });

  it('when stock is not tracked, then the variant has no quantity (always sellable); tracked stock and CONTINUE are kept', () => {
    const { input } = assembleCatalogInput(
      source({
        products: [
          sourceProduct(1, {
            variants: [
              variantNode(11, { inventoryItem: { tracked: false }, inventoryQuantity: 0 }),
              variantNode(12, { inventoryQuantity: 3 }),
              variantNode(13, { inventoryQuantity: 0, inventoryPolicy: 'CONTINUE' }),
              variantNode(14, { inventoryQuantity: null }),
            ],
          }),
        ],
      }),
    );
    expect(input.products[0]!.variants.map((v) => [v.inventoryQuantity, v.inventoryPolicy])).toEqual([
      [null, 'deny'],
      [3, 'deny'],
      [0, 'continue'],
      [0, 'deny'],
    ]);
    const catalog = buildCatalog(input);
    expect([...catalog.variants.values()].map((v) => v.sellableQuantity)).toEqual([Infinity, 3, Infinity, 0]);
  });

  it('when products carry metafields, collections and sales, then they are keyed as the engine reads them', () => {
    const { input } = assembleCatalogInput(
      source({
        products: [
          sourceProduct(1, {
            metafields: [{ namespace: 'custom', key: 'expiry_date', value: '2026-11-27' }],
            collectionIds: ['gid://shopify/Collection/1', 'gid://shopify/Collection/1', 'gid://shopify/Collection/2'],
            status: 'UNLISTED',
          }),
          sourceProduct(2),
        ],
        collections: [{ id: 'gid://shopify/Collection/1', title: 'Coffee' }],
        unitsSold: new Map([[productGid(1), 7]]),
      }),
    );
    const [first, second] = input.products;
    expect(first).toMatchObject({
      metafields: { 'custom.expiry_date': '2026-11-27' },
      collectionIds: ['gid://shopify/Collection/1', 'gid://shopify/Collection/2'],
      unitsSoldRecently: 7,
      status: 'draft',
    });
    expect(second).toMatchObject({ metafields: {}, unitsSoldRecently: 0, status: 'active' });
    expect(input.collections).toEqual([{ id: 'gid://shopify/Collection/1', title: 'Coffee' }]);
  });

  it('when plans carry percentage, fixed-amount and fixed-price policies, then each becomes the matching adjustment in minor units', () => {
    const money = (
      adjustmentType: 'FIXED_AMOUNT' | 'PRICE',
      amount: string,
      currencyCode: MoneyFields['currencyCode'] = 'USD',
    ): SellingPlanPricingPolicyNode => ({
      __typename: 'SellingPlanFixedPricingPolicy',
      adjustmentType,
      adjustmentValue: { __typename: 'MoneyV2', amount, currencyCode },
    });
    const group: SourceSellingPlanGroup = {
      id: groupGid(1),
      name: 'Subscribe',
      attachments: null,
      plans: [
        planNode(3, { pricingPolicies: [money('PRICE', '12.00')] }),
        planNode(1, { pricingPolicies: [percentOff(12.5)] }),
        planNode(2, { pricingPolicies: [money('FIXED_AMOUNT', '1.50')] }),
        planNode(4, { pricingPolicies: [], position: null }),
        planNode(5, {
          pricingPolicies: [
            {
              __typename: 'SellingPlanRecurringPricingPolicy',
              afterCycle: 3,
              adjustmentType: 'PERCENTAGE',
              adjustmentValue: { __typename: 'SellingPlanPricingPolicyPercentageValue', percentage: 20 },
            },
          ],
          position: 10,
        }),
        planNode(6, {
          pricingPolicies: [
            {
              __typename: 'SellingPlanRecurringPricingPolicy',
              afterCycle: 3,
              adjustmentType: 'PERCENTAGE',
              adjustmentValue: { __typename: 'SellingPlanPricingPolicyPercentageValue', percentage: 20 },
            },
            percentOff(5),
          ],
          position: 11,
        }),
      ],
    };
    const { input, problems } = assembleCatalogInput(
      source({ products: [sourceProduct(1, { sellingPlanGroupIds: [groupGid(1)] })], sellingPlanGroups: [group] }),
    );
    expect(problems).toEqual([]);
    expect(input.products[0]!.sellingPlans!.map((p) => [p.id, p.priceAdjustment])).toEqual([
      [planGid(1), { type: 'percentage', percent: 12.5 }],
      [planGid(2), { type: 'fixed_amount', amountMinor: 150 }],
      [planGid(3), { type: 'price', priceMinor: 1200 }],
      // a discount from the 4th cycle on does not change the first order's price
      [planGid(5), null],
      [planGid(6), { type: 'percentage', percent: 5 }],
      [planGid(4), null],
    ]);
    expect(input.products[0]!.sellingPlans![0]).toMatchObject({
      name: 'Plan 1',
      category: 'SUBSCRIPTION',
      billing: { interval: 'MONTH', intervalCount: 1 },
      delivery: { interval: 'MONTH', intervalCount: 1 },
    });
  });

  it('when a plan cannot be priced exactly or is not recurring, then it is left out and reported', () => {
    const group: SourceSellingPlanGroup = {
      id: groupGid(1),
      name: 'Mixed',
      attachments: null,
      plans: [
        planNode(1, { pricingPolicies: [percentOff(12.345)] }),
        planNode(2, {
          pricingPolicies: [
            {
              __typename: 'SellingPlanFixedPricingPolicy',
              adjustmentType: 'FIXED_AMOUNT',
              adjustmentValue: { __typename: 'MoneyV2', amount: '2.00', currencyCode: 'EUR' },
            },
          ],
        }),
        planNode(3, {
          category: 'PRE_ORDER',
          billingPolicy: { __typename: 'SellingPlanFixedBillingPolicy' },
          deliveryPolicy: { __typename: 'SellingPlanFixedDeliveryPolicy' },
        }),
        planNode(4, { category: null }),
      ],
    };
    const { input, problems } = assembleCatalogInput(
      source({ products: [sourceProduct(1, { sellingPlanGroupIds: [groupGid(1)] })], sellingPlanGroups: [group] }),
    );
    expect(input.products[0]!.sellingPlans!.map((p) => [p.id, p.category])).toEqual([[planGid(4), 'OTHER']]);
    expect(problems.map((p) => (p.kind === 'plan_skipped' ? p.planId : null))).toEqual([planGid(1), planGid(2), planGid(3)]);
  });

  it('when a group is attached to some variants only, then only those variants get its plans', () => {
    const wholeProduct: SourceSellingPlanGroup = { id: groupGid(1), name: 'All sizes', attachments: null, plans: [planNode(1)] };
    const bigBagOnly: SourceSellingPlanGroup = {
      id: groupGid(2),
      name: 'Big bag',
      attachments: { productIds: [], variantIds: [variantGid(12)] },
      plans: [planNode(2)],
    };
    const { input } = assembleCatalogInput(
      source({
        products: [sourceProduct(1, { sellingPlanGroupIds: [groupGid(1), groupGid(2)], variants: [variantNode(11), variantNode(12)] })],
        sellingPlanGroups: [wholeProduct, bigBagOnly],
      }),
    );
    const product = input.products[0]!;
    expect(product.sellingPlans!.map((p) => p.id)).toEqual([planGid(1), planGid(2)]);
    expect(product.variants.map((v) => v.sellingPlanIds)).toEqual([[planGid(1)], [planGid(1), planGid(2)]]);

    const catalog = buildCatalog(input);
    const indexed = catalog.products.get(productGid(1))!;
    expect(plansForVariant(indexed, catalog.variants.get(variantGid(11))!).map((p) => p.id)).toEqual([planGid(1)]);
  });

  it('when a group attaches variants of a product that does not list the group, then those variants still get its plans', () => {
    const group: SourceSellingPlanGroup = {
      id: groupGid(2),
      name: 'Big bag',
      attachments: { productIds: [], variantIds: [variantGid(12)] },
      plans: [planNode(2)],
    };
    const { input } = assembleCatalogInput(
      source({ products: [sourceProduct(1, { variants: [variantNode(11), variantNode(12)] })], sellingPlanGroups: [group] }),
    );
    expect(input.products[0]!.variants.map((v) => v.sellingPlanIds)).toEqual([[], [planGid(2)]]);
  });

  it('when a group has variant attachments but the product is attached as a whole, then every variant gets its plans', () => {
    const group: SourceSellingPlanGroup = {
      id: groupGid(1),
      name: 'Mixed attachments',
      attachments: { productIds: [productGid(1)], variantIds: [variantGid(99)] },
      plans: [planNode(1)],
    };
    const { input } = assembleCatalogInput(
      source({
        products: [sourceProduct(1, { sellingPlanGroupIds: [groupGid(1)], variants: [variantNode(11), variantNode(12)] })],
        sellingPlanGroups: [group],
      }),
    );
    expect(input.products[0]!.sellingPlans!.map((p) => p.id)).toEqual([planGid(1)]);
    expect(input.products[0]!.variants.every((v) => v.sellingPlanIds === undefined)).toBe(true);
  });
});
