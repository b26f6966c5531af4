// The checkout contract builder, pure: funnels + catalog + settings in, the metafield value out. Each rule of
// contract.ts has its table here; the extension's own parser and selector read what we write.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCheckoutOffers, selectOffers } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import {
  catalogOf,
  collectionGid,
  funnel,
  planGid,
  product,
  productGid,
  productStep,
  settings,
  T0,
  variant,
  variantGid,
} from '../../../test/support/engine-fixtures.js';
import type { CatalogProductInput } from '../offers/catalog.js';
import { currencyExponent, minorToDecimal } from '../offers/currency.js';
import type { FunnelDefinitionInput, ShopSettingsInput } from '../offers/definitions.js';
import {
  type CheckoutPlan,
  type PlanInput,
  parseCheckoutOfferId,
  planCheckoutOffers,
  renderCheckoutContract,
  toMajor,
} from './contract.js';

type FunnelInput = Partial<FunnelDefinitionInput> & { id: string; steps: FunnelDefinitionInput['steps'] };

const checkout = (input: FunnelInput) => funnel({ surface: 'checkout', ...input });

const BASE_PRODUCTS: CatalogProductInput[] = [1, 2, 3, 4, 5].map((n) => product(n, { price: n * 1000 }));

function plan(
  funnels: FunnelInput[],
  options: { products?: CatalogProductInput[]; settings?: ShopSettingsInput; currency?: string; now?: Date; maxOffers?: number } = {},
): CheckoutPlan {
  const input: PlanInput = {
    funnels: funnels.map(checkout),
    catalog: catalogOf(options.products ?? BASE_PRODUCTS, options.currency ?? 'USD'),
    settings: settings(options.settings),
    now: options.now ?? T0,
    ...(options.maxOffers !== undefined ? { maxOffers: options.maxOffers } : {}),
  };
  return planCheckoutOffers(input);
}

const offerIds = (p: CheckoutPlan) => p.offers.map((o) => o.id);
const codesFor = (p: CheckoutPlan) =>
  new Map(p.offers.filter((o) => o.discountTerms).map((o, i) => [o.id, `ENCORE-CODE${String(i).padStart(5, '0')}`]));

describe('planning: which offers the checkout gets', () => {
  it('when a checkout funnel offers one product at 10% off, then the offer has the variant, the discounted and the regular price', () => {
    const p = plan([{ id: 'f1', steps: [productStep('s1', 2)] }]);
    expect(p.offers).toHaveLength(1);
    const [offer] = p.offers;
    expect(offer).toMatchObject({
      id: 'f1/s1/2',
      funnelId: 'f1',
      stepId: 's1',
      offerKey: 's1',
      productId: productGid(2),
      variantId: variantGid(2),
      quantity: 1,
      sellingPlanId: null,
      shopCurrency: 'USD',
      shopTotalMinor: 1800,
      discountTerms: {
        discount: { type: 'percentage', percent: 10 },
        productId: productGid(2),
        variantId: variantGid(2),
        subscription: false,
        minQuantity: 1,
      },
    });
    expect(offer!.offer).toEqual({
      id: 'f1/s1/2',
      productId: productGid(2),
      merchandiseId: variantGid(2),
      quantity: 1,
      title: { en: 'Product 2' },
      description: { en: 'Add Product 2' },
      prices: [{ currencyCode: 'USD', amount: 18, compareAtAmount: 20 }],
    });
    expect(p.warnings).toEqual([]);
  });

  it('when funnels are disabled or for other surfaces, then they give no checkout offer', () => {
    const p = planCheckoutOffers({
      funnels: [
        checkout({ id: 'off', enabled: false, steps: [productStep('s', 1)] }),
        funnel({ id: 'pp', surface: 'post_purchase', steps: [productStep('s', 2)] }),
        funnel({ id: 'mail', surface: 'email', steps: [productStep('s', 3)] }),
      ],
      catalog: catalogOf(BASE_PRODUCTS),
      settings: settings(),
      now: T0,
    });
    expect(p.offers).toEqual([]);
    expect(p.liveSteps.size).toBe(0);
  });

  it('when several funnels and steps apply, then offers follow priority, then id, then the tree: root, accept, decline branch', () => {
    const p = plan([
      { id: 'b-low', priority: 1, steps: [productStep('only', 5)] },
      {
        id: 'a-high',
        priority: 10,
        rootStepId: 'root',
        steps: [
          productStep('declined', 3),
          productStep('root', 1, { accept: 'accepted', decline: 'declined' }),
          productStep('accepted', 2),
          productStep('orphan', 4),
        ],
      },
      { id: 'a-low', priority: 1, steps: [productStep('only', 4)] },
    ]);
    expect(offerIds(p)).toEqual(['a-high/root/1', 'a-high/accepted/2', 'a-high/declined/3', 'a-low/only/4', 'b-low/only/5']);
    expect([...p.liveSteps].sort()).toEqual(['a-high/accepted', 'a-high/declined', 'a-high/root', 'a-low/only', 'b-low/only']);
  });

  it('when a step names its ledger offer key, then the offer id carries it and parses back', () => {
    const p = plan([{ id: 'f1', steps: [productStep('s1', 2, { offerId: 'library-socks' })] }]);
    expect(offerIds(p)).toEqual(['f1/s1/2/library-socks']);
    expect(parseCheckoutOfferId('f1/s1/2/library-socks')).toEqual({
      funnelId: 'f1',
      stepId: 's1',
      productId: productGid(2),
      offerKey: 'library-socks',
    });
    expect(parseCheckoutOfferId('f1/s1/2')).toEqual({ funnelId: 'f1', stepId: 's1', productId: productGid(2), offerKey: 's1' });
    for (const bad of ['subscription-upgrade', 'f1/s1', 'f1/s1/x', 'f1//2', 'a/b/3/']) expect(parseCheckoutOfferId(bad)).toBeNull();
  });

  it('when a choice step lists products, then each becomes an offer with its own discount or the step default', () => {
    const p = plan([
      {
        id: 'f',
        steps: [
          {
            id: 'pick',
            offer: {
              kind: 'choice',
              source: {
                type: 'products',
                items: [
                  { productId: productGid(1), discount: { type: 'fixed_amount', amountMinor: 250 } },
                  { productId: productGid(3) },
                  { productId: productGid(1), variantIds: [variantGid(1)] },
                ],
              },
              discount: { type: 'percentage', percent: 20 },
            },
            content: { en: { headline: 'Pick {product}', body: 'b', button: 'Add' } },
          },
        ],
      },
    ]);
    expect(p.offers.map((o) => [o.id, o.discountTerms?.discount, o.shopTotalMinor])).toEqual([
      ['f/pick/1', { type: 'fixed_amount', amountMinor: 250 }, 750],
      ['f/pick/3', { type: 'percentage', percent: 20 }, 2400],
    ]);
    expect(p.offers[1]!.offer.description).toEqual({ en: 'Pick Product 3' });
  });

  it('when a step offers quantity tiers, then the smallest tier is offered with its quantity and the merchant is told', () => {
    const p = plan([
      {
        id: 'f',
        steps: [
          {
            id: 'tiers',
            offer: {
              kind: 'tiers',
              productId: productGid(2),
              tiers: [
                { quantity: 6, discount: { type: 'percentage', percent: 20 } },
                { quantity: 3, discount: { type: 'percentage', percent: 10 } },
              ],
            },
            content: { en: { headline: 'Stock up', body: 'b', button: 'Add' } },
          },
        ],
      },
    ]);
    expect(p.offers).toHaveLength(1);
    expect(p.offers[0]).toMatchObject({ quantity: 3, shopTotalMinor: 5400, discountTerms: { minQuantity: 3, discount: { percent: 10 } } });
    expect(p.offers[0]!.offer.prices).toEqual([{ currencyCode: 'USD', amount: 54, compareAtAmount: 60 }]);
    expect(p.warnings.map((w) => [w.code, w.stepId])).toEqual([['step_simplified', 'tiers']]);
  });

  it('when a step offers selling plans, then the first usable plan is offered with its id, plan price and a subscription code', () => {
    const plans = [
      {
        id: planGid(7),
        name: 'Monthly',
        category: 'SUBSCRIPTION' as const,
        billing: { interval: 'MONTH' as const, intervalCount: 1 },
        delivery: { interval: 'MONTH' as const, intervalCount: 1 },
        priceAdjustment: { type: 'percentage' as const, percent: 10 },
      },
      {
        id: planGid(8),
        name: 'Yearly',
        category: 'SUBSCRIPTION' as const,
        billing: { interval: 'YEAR' as const, intervalCount: 1 },
        delivery: { interval: 'MONTH' as const, intervalCount: 1 },
        priceAdjustment: { type: 'percentage' as const, percent: 15 },
      },
    ];
    const products = [
      product(1, { price: 2000, sellingPlans: plans, variants: [variant(1, 1, { priceMinor: 2000, sellingPlanIds: [planGid(8)] })] }),
    ];
    const p = plan(
      [
        {
          id: 'f',
          steps: [
            {
              id: 'sub',
              offer: {
                kind: 'plans',
                productId: productGid(1),
                oneTime: { discount: null },
                plans: { type: 'all', discount: { type: 'percentage', percent: 5 } },
              },
              content: { en: { headline: 'Subscribe', body: 'b', button: 'Go' } },
            },
          ],
        },
      ],
      { products },
    );
    // The variant only allows the yearly plan: 20.00 -15% = 17.00, then 5% off = 16.15 (discount 0.85, floor).
    expect(p.offers).toHaveLength(1);
    expect(p.offers[0]).toMatchObject({ sellingPlanId: planGid(8), shopTotalMinor: 1615, discountTerms: { subscription: true } });
    expect(p.offers[0]!.offer).toMatchObject({
      sellingPlanId: planGid(8),
      prices: [{ currencyCode: 'USD', amount: 16.15, compareAtAmount: 20 }],
    });
    expect(p.warnings.map((w) => w.code)).toEqual(['step_simplified']);
  });

  it('when variants are out of stock, then the first sellable one is offered, and a product with none is reported instead', () => {
    const products = [
      product(1, { variants: [variant(1, 1, { inventoryQuantity: 0 }), variant(1, 2, { inventoryQuantity: 4 })] }),
      product(2, { stock: 0 }),
      product(3, { status: 'draft' }),
    ];
    const p = plan(
      [{ id: 'f', steps: [productStep('a', 1, { accept: 'b' }), productStep('b', 2, { accept: 'c' }), productStep('c', 3)] }],
      { products },
    );
    expect(p.offers.map((o) => o.variantId)).toEqual([variantGid(1, 2)]);
    expect(p.offers[0]!.offer.title).toEqual({ en: 'Product 1 – Variant 2' });
    expect(p.warnings.map((w) => [w.code, w.stepId])).toEqual([
      ['out_of_stock', 'b'],
      ['product_unavailable', 'c'],
    ]);
    // A step that is merely out of stock is still live: its discount code stays valid for when it is back.
    expect(p.liveSteps.has('f/b')).toBe(true);
  });

  it('when a discount makes the product free, then it is not offered', () => {
    const p = plan([
      {
        id: 'f',
        steps: [
          productStep('s', 1, {
            offer: {
              kind: 'product',
              source: { type: 'product', productId: productGid(1) },
              discount: { type: 'percentage', percent: 100 },
            },
          }),
        ],
      },
    ]);
    expect(p.offers).toEqual([]);
    expect(p.warnings.map((w) => w.code)).toEqual(['no_price']);
  });
});

describe('planning: templates resolved without an order', () => {
  const dated = [
    product(1, { createdAt: '2026-11-20T00:00:00Z' }),
    product(2, { createdAt: '2026-11-22T00:00:00Z', stock: 0 }),
    product(3, { createdAt: '2026-11-21T00:00:00Z' }),
    product(4, { createdAt: '2026-01-01T00:00:00Z' }),
  ];
  const templateStep = (id: string, template: object, kind: 'product' | 'choice' = 'product') => ({
    id,
    offer:
      kind === 'product'
        ? { kind, source: { type: 'template', template }, discount: null }
        : { kind, source: { type: 'template', template, limit: 3 }, discount: null },
    content: { en: { headline: 'New: {product}', body: 'b', button: 'Add' } },
  });

  it('when a step shows the newest arrival, then the newest in-stock product at sync time is offered', () => {
    const p = plan([{ id: 'f', steps: [templateStep('new', { template: 'new_arrivals', withinDays: 30 }) as never] }], { products: dated });
    expect(p.offers.map((o) => o.productId)).toEqual([productGid(3)]);
    expect(p.offers[0]!.discountTerms).toBeNull();
  });

  it('when a choice step ranks new arrivals, then up to its limit of them are offered, newest first', () => {
    const p = plan([{ id: 'f', steps: [templateStep('new', { template: 'new_arrivals', withinDays: 30 }, 'choice') as never] }], {
      products: dated,
    });
    expect(p.offers.map((o) => o.productId)).toEqual([productGid(3), productGid(1)]);
  });

  it('when nothing matches a template now, then the merchant is told', () => {
    const p = plan([{ id: 'f', steps: [templateStep('new', { template: 'new_arrivals', withinDays: 1 }) as never] }], { products: dated });
    expect(p.offers).toEqual([]);
    expect(p.warnings.map((w) => w.code)).toEqual(['template_no_match']);
  });

  it('when a step uses "related products", then it is not synced and the merchant is told why', () => {
    const p = plan([{ id: 'f', steps: [templateStep('rel', { template: 'related' }) as never] }]);
    expect(p.offers).toEqual([]);
    expect(p.warnings.map((w) => [w.code, w.stepId])).toEqual([['template_unsupported', 'rel']]);
  });

  it('when a step pairs complements, then each complement is an offer shown when the cart holds one of its partners', () => {
    const p = plan([
      {
        id: 'f',
        steps: [
          templateStep('comp', {
            template: 'complementary',
            pairs: [
              { productId: productGid(1), complementIds: [productGid(4), productGid(5)] },
              { productId: productGid(2), complementIds: [productGid(4)] },
            ],
          }) as never,
        ],
      },
    ]);
    expect(p.offers.map((o) => [o.productId, o.offer.conditions])).toEqual([
      [productGid(4), { cartIncludesAny: { productIds: [productGid(1), productGid(2)] } }],
      [productGid(5), { cartIncludesAny: { productIds: [productGid(1)] } }],
    ]);
  });

  it('when complements meet a funnel that already requires other cart items, then they are reported, not mis-targeted', () => {
    const p = plan([
      {
        id: 'f',
        targeting: { conditions: [{ type: 'products', productIds: [productGid(3)] }] },
        steps: [
          templateStep('comp', {
            template: 'complementary',
            pairs: [{ productId: productGid(1), complementIds: [productGid(4)] }],
          }) as never,
        ],
      },
    ]);
    expect(p.offers).toEqual([]);
    expect(p.warnings.map((w) => w.code)).toEqual(['conditions_unsupported']);
  });
});

describe('planning: prices per presentment currency', () => {
  it.each([
    // [case, shop currency, price (minor), settings, expected prices]
    // 19.99 - floor(1.999) = 18.00; EUR 19.99 x 0.9 = 17.991 -> 17.99, minus floor(1.799) = 16.20
    [
      'a rate converts half-up at the presentment exponent',
      'USD',
      1999,
      { exchangeRates: { EUR: '0.9' } },
      [
        { currencyCode: 'USD', amount: 18, compareAtAmount: 19.99 },
        { currencyCode: 'EUR', amount: 16.2, compareAtAmount: 17.99 },
      ],
    ],
    [
      'a zero-decimal currency gets whole amounts',
      'USD',
      1000,
      { exchangeRates: { JPY: '151.37' } },
      [
        { currencyCode: 'USD', amount: 9, compareAtAmount: 10 },
        { currencyCode: 'JPY', amount: 1363, compareAtAmount: 1514 },
      ],
    ],
    ['a three-decimal shop currency stays exact', 'KWD', 12_345, {}, [{ currencyCode: 'KWD', amount: 11.111, compareAtAmount: 12.345 }]],
  ] as const)('when %s, then the amounts are right', (_case, currency, price, shopSettings, expected) => {
    const p = plan([{ id: 'f', steps: [productStep('s', 1)] }], { products: [product(1, { price })], currency, settings: shopSettings });
    expect(p.offers[0]!.offer.prices).toEqual(expected);
  });

  it('when a variant has a price list for a currency, then that price wins and the currency is offered without a rate', () => {
    const products = [
      product(1, {
        variants: [variant(1, 1, { priceMinor: 1000, presentmentPricesMinor: { GBP: 850 }, presentmentCompareAtMinor: { GBP: 990 } })],
      }),
    ];
    const p = plan([{ id: 'f', steps: [productStep('s', 1)] }], { products, settings: { exchangeRates: { GBP: '0.5' } } });
    // GBP 8.50 listed, 10% off floors 0.85 -> 7.65; compare-at: the listed 9.90.
    expect(p.offers[0]!.offer.prices).toEqual([
      { currencyCode: 'USD', amount: 9, compareAtAmount: 10 },
      { currencyCode: 'GBP', amount: 7.65, compareAtAmount: 9.9 },
    ]);
  });

  it('when a fixed discount has no amount for a currency and no rate exists, then that currency is left out', () => {
    const products = [product(1, { variants: [variant(1, 1, { priceMinor: 1000, presentmentPricesMinor: { CAD: 1400 } })] })];
    const p = plan(
      [
        {
          id: 'f',
          steps: [
            productStep('s', 1, {
              offer: {
                kind: 'product',
                source: { type: 'product', productId: productGid(1) },
                discount: { type: 'fixed_amount', amountMinor: 200 },
              },
            }),
          ],
        },
      ],
      { products },
    );
    expect(p.offers[0]!.offer.prices.map((x) => x.currencyCode)).toEqual(['USD']);
  });

  it('property: every major amount written is its minor amount exactly, in every currency exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), fc.constantFrom('USD', 'JPY', 'KWD', 'CLF', 'EUR'), (minor, currency) => {
        const major = toMajor(minor, currency);
        expect(Math.round(major * 10 ** currencyExponent(currency))).toBe(minor);
        expect(major).toBe(Number(minorToDecimal(minor, currency)));
      }),
    );
  });
});

describe('planning: texts', () => {
  it('when steps and products carry translations, then each language is written and the shop default is always present', () => {
    const products = [
      product(1, { title: 'Socks', titleTranslations: { fr: 'Chaussettes', de: 'Socken' }, imageUrl: 'https://cdn.shopify.com/socks.jpg' }),
    ];
    const p = plan(
      [
        {
          id: 'f',
          steps: [
            productStep('s', 1, {
              content: {
                en: { headline: '{product}: {discount}', body: 'b', button: 'Add' },
                sv: { headline: '{product}: {discount}', body: 'b', button: 'Lägg till' },
              },
            }),
          ],
        },
      ],
      { products, settings: { defaultLocale: 'fr', locales: ['fr', 'en', 'sv'] } },
    );
    const offer = p.offers[0]!.offer;
    expect(p.defaultLanguage).toBe('fr');
    expect(offer.title).toEqual({ fr: 'Chaussettes', de: 'Socken' });
    // No French headline: the default language gets the first text there is, English, with its English title.
    expect(offer.description).toEqual({ fr: 'Socks: 10% off', en: 'Socks: 10% off', sv: 'Socks: 10\u00a0% rabatt' });
    expect(offer.image).toEqual({ url: 'https://cdn.shopify.com/socks.jpg', alt: { fr: 'Chaussettes', de: 'Socken' } });
  });
});

describe('planning: targeting the checkout can evaluate', () => {
  const products = [
    product(1, { collectionIds: [collectionGid(7)], tags: ['Coffee'] }),
    product(2, { collectionIds: [collectionGid(7)], vendor: 'Northwind' }),
    product(3, { tags: ['coffee'], productType: 'Beans' }),
    product(4),
  ];
  const withTargeting = (targeting: object, shopSettings: ShopSettingsInput = {}) =>
    plan([{ id: 'f', targeting: targeting as never, steps: [productStep('s', 4)] }], { products, settings: shopSettings });

  it.each([
    [
      'cart contains products',
      { conditions: [{ type: 'products', productIds: [productGid(2), productGid(1)] }] },
      { cartIncludesAny: { productIds: [productGid(1), productGid(2)] } },
      undefined,
    ],
    [
      'cart lacks variants',
      { conditions: [{ type: 'variants', variantIds: [variantGid(3)], negate: true }] },
      { cartExcludes: { variantIds: [variantGid(3)] } },
      undefined,
    ],
    [
      'cart contains a collection',
      { conditions: [{ type: 'collections', collectionIds: [collectionGid(7)] }] },
      { cartIncludesAny: { collectionIds: [collectionGid(7)] } },
      { [collectionGid(7)]: [productGid(1), productGid(2)] },
    ],
    [
      'cart contains a tag (any case)',
      { conditions: [{ type: 'productTags', tags: ['COFFEE'] }] },
      { cartIncludesAny: { collectionIds: ['encore:tag:coffee'] } },
      { 'encore:tag:coffee': [productGid(1), productGid(3)] },
    ],
    [
      'cart lacks a vendor',
      { conditions: [{ type: 'vendors', vendors: ['Northwind'], negate: true }] },
      { cartExcludes: { collectionIds: ['encore:vendor:northwind'] } },
      { 'encore:vendor:northwind': [productGid(2)] },
    ],
    [
      'ANY of products or a product type',
      {
        match: 'any',
        conditions: [
          { type: 'products', productIds: [productGid(1)] },
          { type: 'productTypes', productTypes: ['beans'] },
        ],
      },
      { cartIncludesAny: { productIds: [productGid(1)], collectionIds: ['encore:type:beans'] } },
      { 'encore:type:beans': [productGid(3)] },
    ],
    [
      'ALL of includes, two exclusions and a nested ANY group of includes',
      {
        conditions: [
          { type: 'products', productIds: [productGid(9)], negate: true },
          {
            type: 'group',
            match: 'any',
            conditions: [
              { type: 'products', productIds: [productGid(1)] },
              { type: 'variants', variantIds: [variantGid(2)] },
            ],
          },
          { type: 'collections', collectionIds: [collectionGid(8)], negate: true },
        ],
      },
      {
        cartIncludesAny: { productIds: [productGid(1)], variantIds: [variantGid(2)] },
        cartExcludes: { productIds: [productGid(9)], collectionIds: [collectionGid(8)] },
      },
      { [collectionGid(8)]: [] },
    ],
  ] as const)('when the funnel targets %s, then the offer carries that condition', (_case, targeting, conditions, lists) => {
    const p = withTargeting(targeting);
    expect(p.warnings).toEqual([]);
    expect(p.offers[0]!.offer.conditions).toEqual(conditions);
    const rendered = renderCheckoutContract(p, { codes: codesFor(p) });
    expect(rendered.contract.collections).toEqual(lists);
  });

  it('when the funnel sets a subtotal range, then each currency gets its converted bounds', () => {
    const p = withTargeting(
      {
        conditions: [
          { type: 'subtotal', minMinor: 5000, maxMinor: 20000 },
          { type: 'subtotal', minMinor: 2500 },
        ],
      },
      { exchangeRates: { EUR: '0.92' } },
    );
    expect(p.offers[0]!.offer.conditions).toEqual({
      subtotal: [
        { currencyCode: 'USD', min: 50, max: 200 },
        { currencyCode: 'EUR', min: 46, max: 184 },
      ],
    });
  });

  it('when the funnel targets currencies, then the offer is priced only where allowed', () => {
    const rates = { exchangeRates: { EUR: '0.9', GBP: '0.8', SEK: '10' } };
    expect(
      withTargeting({ conditions: [{ type: 'currency', currencies: ['EUR', 'SEK'] }] }, rates).offers[0]!.offer.prices.map(
        (x) => x.currencyCode,
      ),
    ).toEqual(['EUR', 'SEK']);
    expect(
      withTargeting({ conditions: [{ type: 'currency', currencies: ['USD'], negate: true }] }, rates).offers[0]!.offer.prices.map(
        (x) => x.currencyCode,
      ),
    ).toEqual(['EUR', 'GBP', 'SEK']);
  });

  it.each([
    ['customer tags', { conditions: [{ type: 'customerTags', tags: ['vip'] }] }, 'customer tags'],
    ['new customers', { conditions: [{ type: 'customerStatus', status: 'new' }] }, 'new customers'],
    ['order tags', { conditions: [{ type: 'orderTags', tags: ['b2b'] }] }, 'order tags'],
    ['the shipping country', { conditions: [{ type: 'shippingCountry', countries: ['DE'] }] }, 'shipping country'],
    ['the language', { conditions: [{ type: 'locale', locales: ['fr'] }] }, 'language'],
    [
      'two different "cart contains" lists at once',
      {
        conditions: [
          { type: 'products', productIds: [productGid(1)] },
          { type: 'collections', collectionIds: [collectionGid(7)] },
        ],
      },
      'two different lists',
    ],
    [
      'ANY of a subtotal or a product',
      {
        match: 'any',
        conditions: [
          { type: 'subtotal', minMinor: 100 },
          { type: 'products', productIds: [productGid(1)] },
        ],
      },
      'ANY of several kinds',
    ],
    [
      'subtotal ranges that never overlap',
      {
        conditions: [
          { type: 'subtotal', maxMinor: 1000 },
          { type: 'subtotal', minMinor: 2000 },
        ],
      },
      'no subtotal',
    ],
  ] as const)('when the funnel targets %s, then it is left out of checkout with a warning that says why', (_case, targeting, words) => {
    const p = withTargeting(targeting);
    expect(p.offers).toEqual([]);
    expect(p.liveSteps.size).toBe(0);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatchObject({ code: 'targeting_unsupported', funnelId: 'f' });
    expect(p.warnings[0]!.message).toContain(words);
  });
});

describe('planning: what only the engine can do', () => {
  it('when checkout funnels are arms of an A/B test, then only the heaviest arm is synced and the others are reported', () => {
    const p = plan([
      { id: 'arm-a', experiment: { key: 'test', arm: 'a', weight: 1 }, steps: [productStep('s', 1)] },
      { id: 'arm-b', experiment: { key: 'test', arm: 'b', weight: 3 }, steps: [productStep('s', 2)] },
      { id: 'arm-c', experiment: { key: 'test', arm: 'c', weight: 3 }, steps: [productStep('s', 3)] },
    ]);
    expect(offerIds(p)).toEqual(['arm-b/s/2']);
    expect(p.warnings.map((w) => [w.code, w.funnelId])).toEqual([
      ['experiment_arm_not_synced', 'arm-a'],
      ['experiment_arm_not_synced', 'arm-c'],
    ]);
  });

  it('when the shop has a holdout group or a frequency cap, then the merchant is told they do not apply in checkout', () => {
    const p = plan([{ id: 'f', steps: [productStep('s', 1)] }], {
      settings: { holdoutPercent: 5, frequencyCap: { maxOffers: 2, windowHours: 24 } },
    });
    expect(p.warnings.map((w) => w.code)).toEqual(['settings_not_applied']);
    expect(p.warnings[0]!.message).toContain('5% holdout group and the frequency cap');
  });
});

describe('rendering the metafield value', () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    product(i + 1, {
      price: 1000 + i,
      title: `Product ${i + 1} with a rather long descriptive title`,
      collectionIds: [collectionGid(i + 1)],
    }),
  );
  const manyFunnels: FunnelInput[] = many.map((_, i) => ({
    id: `f${String(i).padStart(2, '0')}`,
    priority: 100 - i,
    targeting: { conditions: [{ type: 'collections', collectionIds: [collectionGid(i + 1)] }] },
    steps: [productStep('s', i + 1)],
  }));
  const bigPlan = () => plan(manyFunnels, { products: many, settings: { exchangeRates: { EUR: '0.9', GBP: '0.8' } } });

  it('when codes are given, then each discounted offer carries its code right after the variant and plan', () => {
    const p = plan([
      {
        id: 'f',
        steps: [
          productStep('a', 1, { accept: 'b' }),
          productStep('b', 2, { offer: { kind: 'product', source: { type: 'product', productId: productGid(2) }, discount: null } }),
        ],
      },
    ]);
    const rendered = renderCheckoutContract(p, { codes: new Map([['f/a/1', 'ENCORE-AAAABBBBCCCC']]) });
    expect(rendered.contract.offers.map((o) => [o.id, o.discountCode])).toEqual([
      ['f/a/1', 'ENCORE-AAAABBBBCCCC'],
      ['f/b/2', undefined],
    ]);
    expect(Object.keys(rendered.contract.offers[0]!)).toEqual([
      'id',
      'productId',
      'merchandiseId',
      'quantity',
      'discountCode',
      'title',
      'description',
      'prices',
    ]);
    expect(rendered.value).toBe(JSON.stringify(rendered.contract));
    expect(rendered.contract).toMatchObject({ version: 1, defaultLanguage: 'en', maxOffers: 2 });
  });

  it('when a discounted offer has no code, then it is left out: its price would be wrong without the code', () => {
    const p = plan([{ id: 'f', steps: [productStep('a', 1)] }]);
    const rendered = renderCheckoutContract(p, { codes: new Map() });
    expect(rendered.contract.offers).toEqual([]);
    expect(rendered.dropped.map((d) => [d.offer.id, d.reason])).toEqual([['f/a/1', 'no_discount_code']]);
  });

  it('when the offers exceed the size limit, then the lowest-priority ones are dropped, their lists too, and the merchant is told', () => {
    const p = bigPlan();
    const full = renderCheckoutContract(p, { codes: codesFor(p) });
    expect(full.written).toHaveLength(30);
    const limit = Math.floor(full.bytes / 3);
    const trimmed = renderCheckoutContract(p, { codes: codesFor(p), maxBytes: limit });
    expect(trimmed.bytes).toBeLessThanOrEqual(limit);
    const kept = trimmed.written.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(30);
    // One more would not fit: the longest prefix is kept.
    expect(renderCheckoutContract({ ...p, offers: p.offers.slice(0, kept + 1) }, { codes: codesFor(p) }).bytes).toBeGreaterThan(limit);
    expect(trimmed.written.map((o) => o.id)).toEqual(p.offers.slice(0, kept).map((o) => o.id));
    expect(Object.keys(trimmed.contract.collections ?? {})).toHaveLength(kept);
    expect(trimmed.dropped.every((d) => d.reason === 'size_limit')).toBe(true);
    expect(trimmed.warnings.map((w) => w.code)).toEqual(['trimmed_for_size']);
  });

  it('when nothing changed, then the value is identical byte for byte, whatever order the inputs come in', () => {
    const p1 = bigPlan();
    const p2 = planCheckoutOffers({
      funnels: [...manyFunnels].reverse().map(checkout),
      catalog: catalogOf([...many].reverse()),
      settings: settings({ exchangeRates: { GBP: '0.8', EUR: '0.9' } }),
      now: T0,
    });
    const a = renderCheckoutContract(p1, { codes: codesFor(p1) }).value;
    expect(renderCheckoutContract(p2, { codes: codesFor(p2) }).value).toBe(a);
    expect(renderCheckoutContract(bigPlan(), { codes: codesFor(p1) }).value).toBe(a);
  });

  it('when the extension reads the value, then it gets the same contract and applies our conditions to a cart', () => {
    const p = plan(
      [
        {
          id: 'a',
          priority: 2,
          targeting: { conditions: [{ type: 'products', productIds: [productGid(1)] }] },
          steps: [productStep('s', 2)],
        },
        { id: 'b', priority: 1, targeting: { conditions: [{ type: 'subtotal', minMinor: 5000 }] }, steps: [productStep('s', 3)] },
        { id: 'c', priority: 0, steps: [productStep('s', 4)] },
      ],
      { maxOffers: 2 },
    );
    const rendered = renderCheckoutContract(p, { codes: codesFor(p) });
    const parsed = parseCheckoutOffers(rendered.value);
    expect(parsed).toEqual({ ...rendered.contract, collections: {} });
    const cart = (productNumbers: number[], subtotal: number) => ({
      lines: productNumbers.map((n) => ({ productId: productGid(n), merchandiseId: variantGid(n) })),
      subtotal: { amount: subtotal, currencyCode: 'USD' },
    });
    const shown = (c: ReturnType<typeof cart>) => selectOffers(parsed!, c).map((s) => s.offer.id);
    expect(shown(cart([1], 10))).toEqual(['a/s/2', 'c/s/4']);
    expect(shown(cart([5], 60))).toEqual(['b/s/3', 'c/s/4']);
    expect(shown(cart([1, 4], 60))).toEqual(['a/s/2', 'b/s/3']);
    expect(shown(cart([5], 49.99))).toEqual(['c/s/4']);
    expect(selectOffers(parsed!, { ...cart([5], 10), subtotal: { amount: 10, currencyCode: 'EUR' } })).toEqual([]);
  });
});
