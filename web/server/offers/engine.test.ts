import { describe, expect, it } from 'vitest';
import {
  catalogOf,
  collectionGid,
  context,
  customer,
  EN,
  funnel,
  line,
  order,
  planGid,
  product,
  productGid,
  productStep,
  variant,
  variantGid,
} from '../../../test/support/engine-fixtures.js';
import type { Decision } from './decision.js';
import { decide, next, priceChange } from './engine.js';

const reasons = (decision: Decision) => decision.trace.map((entry) => entry.reason);
const candidateReason = (decision: Decision, candidate: string) => decision.trace.find((entry) => entry.candidate === candidate)?.reason;

const baseCatalog = catalogOf([1, 2, 3, 4, 5, 6].map((n) => product(n, { price: n * 1000 })));

describe('decide: which funnel', () => {
  it('when no funnel exists for the surface, then there is no offer and the trace says why', () => {
    const decision = decide(
      context({ catalog: baseCatalog, funnels: [funnel({ id: 'f', surface: 'email', steps: [productStep('s', 2)] })] }),
    );
    expect(decision.outcome).toBe('no_offer');
    expect(decision.trace).toEqual([
      {
        funnelId: null,
        outcome: 'dropped',
        reason: 'no_funnels_for_surface',
        message: 'No funnel is set up for the post-purchase page.',
      },
    ]);
  });

  it('when two funnels match, then the higher priority wins and the rest are summarised as not evaluated', () => {
    const funnels = [
      funnel({ id: 'low', priority: 1, steps: [productStep('a', 2)] }),
      funnel({ id: 'high', priority: 5, steps: [productStep('b', 3)] }),
      funnel({ id: 'lowest', priority: 0, steps: [productStep('c', 4)] }),
    ];
    const decision = decide(context({ catalog: baseCatalog, funnels }));
    expect(decision.outcome).toBe('offer');
    expect(decision.funnelId).toBe('high');
    expect(decision.step?.options[0]?.productId).toBe(productGid(3));
    expect(decision.trace.at(-1)).toMatchObject({
      funnelId: null,
      reason: 'lower_priority',
      message: expect.stringContaining('2 lower-priority funnels'),
    });
  });

  it('when a funnel is turned off, then it is skipped with a reason', () => {
    const decision = decide(
      context({ catalog: baseCatalog, funnels: [funnel({ id: 'off', enabled: false, steps: [productStep('a', 2)] })] }),
    );
    expect(decision.outcome).toBe('no_offer');
    expect(decision.trace).toEqual([
      { funnelId: 'off', outcome: 'dropped', reason: 'funnel_disabled', message: 'Funnel "Funnel off" is turned off.' },
    ]);
  });

  it('when the best funnel matches but has nothing to offer, then the next funnel is chosen', () => {
    const funnels = [
      funnel({ id: 'empty', priority: 9, steps: [productStep('a', 1)] }), // product 1 is in the order
      funnel({ id: 'fallback', steps: [productStep('b', 2)] }),
    ];
    const decision = decide(context({ catalog: baseCatalog, funnels }));
    expect(decision.funnelId).toBe('fallback');
    expect(decision.trace).toContainEqual(expect.objectContaining({ funnelId: 'empty', reason: 'no_available_step' }));
    expect(decision.trace).toContainEqual(
      expect.objectContaining({ funnelId: 'empty', stepId: 'a', candidate: productGid(1), reason: 'in_order' }),
    );
  });

  it('when targeting fails, then the trace carries the merchant-readable condition', () => {
    const f = funnel({
      id: 'big',
      name: 'Big spenders',
      targeting: { conditions: [{ type: 'subtotal', minMinor: 5000 }] },
      steps: [productStep('a', 2)],
    });
    const decision = decide(context({ catalog: baseCatalog, funnels: [f] }));
    expect(decision.trace).toEqual([
      {
        funnelId: 'big',
        outcome: 'dropped',
        reason: 'targeting_failed',
        message: '"Big spenders": Targeting not met: the order subtotal must be at least $50.00.',
      },
    ]);
  });
});

describe('decide: exclusions', () => {
  const offer = (productNumber: number, extra: Record<string, unknown> = {}) =>
    funnel({
      id: 'f',
      steps: [
        productStep('s', productNumber, {
          offer: {
            kind: 'product',
            source: { type: 'product', productId: productGid(productNumber) },
            discount: null,
            ...extra,
          },
        }),
      ],
    });

  it.each([
    ['already in the order', { funnels: [offer(1)] }, 'in_order'],
    ['bought before', { funnels: [offer(2)], customer: customer({ purchasedProductIds: [productGid(2)] }) }, 'bought_before'],
    [
      'declined for this order on another surface',
      { funnels: [offer(2)], ledger: { declinedProductIds: [productGid(2)] } },
      'declined_earlier',
    ],
    ['out of stock', { funnels: [offer(7)], catalog: catalogOf([product(7, { stock: 0 })]) }, 'out_of_stock'],
    ['archived', { funnels: [offer(7)], catalog: catalogOf([product(7, { status: 'archived' })]) }, 'product_unavailable'],
    ['missing from the catalog', { funnels: [offer(99)] }, 'product_unavailable'],
  ] as const)('when the product is %s, then it is dropped and nothing is offered', (_label, input, reason) => {
    const decision = decide(context({ catalog: baseCatalog, ...input }));
    expect(decision.outcome).toBe('no_offer');
    expect(candidateReason(decision, decision.trace.find((e) => e.candidate)!.candidate!)).toBe(reason);
  });

  it.each([
    ['already in the order, and the offer allows it', { funnels: [offer(1, { allowInOrder: true })] }],
    [
      'bought before, and the offer allows repurchase',
      { funnels: [offer(2, { allowRepurchase: true })], customer: customer({ purchasedProductIds: [productGid(2)] }) },
    ],
    ['untracked', { funnels: [offer(7)], catalog: catalogOf([product(7, { stock: null })]) }],
    [
      'out of stock but sold anyway (CONTINUE)',
      {
        funnels: [offer(7)],
        catalog: catalogOf([product(7, { variants: [variant(7, 1, { inventoryQuantity: 0, inventoryPolicy: 'continue' })] })]),
      },
    ],
  ] as const)('when the product is %s, then it is offered', (_label, input) => {
    expect(decide(context({ catalog: baseCatalog, ...input })).outcome).toBe('offer');
  });

  it('when a variant is out of stock, then only the variants in stock are shown', () => {
    const catalog = catalogOf([
      product(7, { variants: [variant(7, 1, { inventoryQuantity: 0 }), variant(7, 2, { inventoryQuantity: 3 })] }),
    ]);
    const decision = decide(context({ catalog, funnels: [offer(7)] }));
    expect(decision.step?.options[0]?.variants.map((v) => v.id)).toEqual([variantGid(7, 2)]);
    expect(decision.step?.options[0]?.variants[0]?.available).toBe(3);
  });

  it('when the shopper declined this offer on another surface, then the step is skipped and its decline branch shown', () => {
    const f = funnel({
      id: 'f',
      steps: [productStep('upsell', 2, { decline: 'downsell' }), productStep('downsell', 3)],
    });
    const decision = decide(context({ catalog: baseCatalog, funnels: [f], ledger: { declinedOfferIds: ['upsell'] } }));
    expect(decision.step?.stepId).toBe('downsell');
    expect(decision.trace).toContainEqual(expect.objectContaining({ stepId: 'upsell', reason: 'step_declined_earlier' }));
  });

  it('when a step has nothing in stock, then it is skipped along its decline branch', () => {
    const catalog = catalogOf([product(2, { stock: 0 }), product(3)]);
    const f = funnel({
      id: 'f',
      steps: [productStep('upsell', 2, { decline: 'downsell', accept: 'more' }), productStep('downsell', 3), productStep('more', 3)],
    });
    const decision = decide(context({ catalog, funnels: [f] }));
    expect(decision.step?.stepId).toBe('downsell');
    expect(decision.steps.upsell).toMatchObject({ status: 'skipped', reason: 'step_empty' });
  });

  it('when the discount would make the price zero, then the option is dropped, never offered free', () => {
    const f = funnel({
      id: 'f',
      steps: [
        productStep('s', 2, {
          offer: {
            kind: 'product',
            source: { type: 'product', productId: productGid(2) },
            discount: { type: 'fixed_amount', amountMinor: 2000 },
          },
        }),
      ],
    });
    const decision = decide(context({ catalog: baseCatalog, funnels: [f] }));
    expect(decision.outcome).toBe('no_offer');
    expect(candidateReason(decision, productGid(2))).toBe('price_not_positive');
  });
});

describe('decide: frequency cap and holdout', () => {
  const funnels = [funnel({ id: 'f', steps: [productStep('s', 2)] })];
  const impression = (hoursAgo: number, orderKey = 'gid://shopify/Order/0', surface: 'email' | 'post_purchase' = 'email') => ({
    shownAt: new Date(Date.parse('2026-11-23T12:00:00Z') - hoursAgo * 3_600_000).toISOString(),
    orderKey,
    surface,
  });

  it('when the customer saw the maximum number of offers in the window, then nothing is offered on any surface', () => {
    const decision = decide(
      context({
        catalog: baseCatalog,
        funnels,
        settings: { frequencyCap: { maxOffers: 2, windowHours: 24 } },
        ledger: { recentImpressions: [impression(1), impression(20, 'gid://shopify/Order/7', 'post_purchase')] },
      }),
    );
    expect(decision.outcome).toBe('no_offer');
    expect(decision.trace).toEqual([
      {
        funnelId: null,
        outcome: 'dropped',
        reason: 'frequency_capped',
        message: 'The customer already saw 2 offers in the last 24 hours (the limit is 2).',
      },
    ]);
  });

  it('when older offers fall outside the window, or are this same decision retried, then they do not count', () => {
    const decision = decide(
      context({
        catalog: baseCatalog,
        funnels,
        settings: { frequencyCap: { maxOffers: 2, windowHours: 24 } },
        ledger: {
          recentImpressions: [impression(1), impression(30), impression(0.5, 'gid://shopify/Order/1', 'post_purchase')],
        },
      }),
    );
    expect(decision.outcome).toBe('offer');
  });

  it('when the order falls in the holdout, then no step is shown but the would-be funnel and the arm are recorded', () => {
    const decision = decide(context({ catalog: baseCatalog, funnels, settings: { holdoutPercent: 100 } }));
    expect(decision).toMatchObject({
      outcome: 'holdout',
      holdout: true,
      arm: 'holdout',
      step: null,
      steps: {},
      counterfactualFunnelId: 'f',
    });
    expect(reasons(decision)).toContain('holdout');
  });

  it('when the holdout is 20 %, then about a fifth of orders are held out, the same ones on every surface', () => {
    let held = 0;
    for (let i = 0; i < 4000; i++) {
      const key = `gid://shopify/Order/${1000 + i}`;
      const onPage = decide(context({ catalog: baseCatalog, funnels, order: order({ key }), settings: { holdoutPercent: 20 } }));
      if (i % 10 === 0) {
        const byEmail = decide(
          context({
            catalog: baseCatalog,
            funnels: [funnel({ id: 'e', surface: 'email', steps: [productStep('s', 2)] })],
            surface: 'email',
            order: order({ key }),
            settings: { holdoutPercent: 20 },
          }),
        );
        expect(byEmail.holdout).toBe(onPage.holdout);
      }
      if (onPage.holdout) held++;
    }
    expect(held / 4000).toBeGreaterThan(0.18);
    expect(held / 4000).toBeLessThan(0.22);
  });
});

describe('decide: A/B tests', () => {
  const arms = (weightA: number, weightB: number) => [
    funnel({ id: 'arm-a', experiment: { key: 'pp-test', arm: 'A', weight: weightA }, steps: [productStep('a', 2)] }),
    funnel({ id: 'arm-b', experiment: { key: 'pp-test', arm: 'B', weight: weightB }, steps: [productStep('b', 3)] }),
  ];

  it('when an order is decided twice, then it gets the same arm, recorded on the decision', () => {
    const first = decide(context({ catalog: baseCatalog, funnels: arms(1, 1), order: order({ key: 'gid://shopify/Order/42' }) }));
    const again = decide(context({ catalog: baseCatalog, funnels: arms(1, 1).reverse(), order: order({ key: 'gid://shopify/Order/42' }) }));
    expect(first.funnelId).toBe(again.funnelId);
    expect(first.experiment).toEqual({ key: 'pp-test', arm: first.funnelId === 'arm-a' ? 'A' : 'B' });
    expect(first.arm).toBe(first.experiment?.arm);
    expect(first.assignments).toEqual([{ experimentKey: 'pp-test', arm: first.experiment?.arm }]);
    expect(reasons(first)).toContain(first.funnelId === 'arm-a' ? 'selected' : 'ab_not_assigned');
  });

  it('when arms are weighted 3:1, then about three quarters of orders see arm A', () => {
    let a = 0;
    const funnels = arms(3, 1);
    for (let i = 0; i < 4000; i++) {
      if (decide(context({ catalog: baseCatalog, funnels, order: order({ key: `o-${i}` }) })).experiment?.arm === 'A') a++;
    }
    expect(a / 4000).toBeGreaterThan(0.72);
    expect(a / 4000).toBeLessThan(0.78);
  });
});

describe('decide: display-ready steps', () => {
  const fr = { headline: 'Ajoutez {product}', body: '{discount} pour vous.', button: 'Ajouter', declineButton: null };

  it('when the shopper reads French and the step has French texts, then French texts and prices are shown', () => {
    const catalog = catalogOf([product(2, { price: 1600, titleTranslations: { fr: 'Produit deux' } })]);
    const f = funnel({ id: 'f', steps: [productStep('s', 2, { content: { en: EN, fr }, countdownSeconds: 300 })] });
    const decision = decide(context({ catalog, funnels: [f], locale: 'fr-CA', settings: { locales: ['en', 'fr'] } }));
    expect(decision.locale).toBe('fr');
    expect(decision.step?.content).toEqual({
      headline: 'Ajoutez Produit deux',
      body: '10 % de réduction pour vous.'.replace(' ', '\u00a0'),
      button: 'Ajouter',
      declineButton: null,
    });
    expect(decision.step?.countdownSeconds).toBe(300);
    expect(decision.step?.options[0]?.variants[0]?.display.total.replace(/\s/g, ' ')).toBe('14,40 $US');
  });

  it('when the shopper reads a language the step lacks, then the shop default is used', () => {
    const f = funnel({ id: 'f', steps: [productStep('s', 2, { content: { en: EN, fr } })] });
    const decision = decide(
      context({
        catalog: baseCatalog,
        funnels: [f],
        locale: 'de-DE',
        settings: { defaultLocale: 'fr', locales: ['fr', 'en'] },
      }),
    );
    expect(decision.step?.locale).toBe('fr');
    expect(decision.step?.content.headline).toBe('Ajoutez Product 2');
  });

  it('when a step offers a choice, then each offerable product becomes an option with its own discount', () => {
    const f = funnel({
      id: 'f',
      steps: [
        {
          id: 'pick',
          offer: {
            kind: 'choice',
            source: {
              type: 'products',
              items: [
                { productId: productGid(1) },
                { productId: productGid(2), discount: { type: 'percentage', percent: 20 } },
                { productId: productGid(3) },
              ],
            },
            discount: { type: 'fixed_amount', amountMinor: 100 },
          },
          content: { en: EN },
        },
      ],
    });
    const decision = decide(context({ catalog: baseCatalog, funnels: [f] }));
    expect(decision.step?.options.map((o) => [o.productId, o.variants[0]?.price.presentment.totalMinor])).toEqual([
      [productGid(2), 1600],
      [productGid(3), 2900],
    ]);
    expect(candidateReason(decision, productGid(1))).toBe('in_order');
  });

  it('when a step offers quantity tiers, then each tier is priced for its quantity and tiers beyond the stock are dropped', () => {
    const catalog = catalogOf([product(2, { price: 1000, stock: 4 })]);
    const f = funnel({
      id: 'f',
      steps: [
        {
          id: 'tiers',
          offer: {
            kind: 'tiers',
            productId: productGid(2),
            tiers: [
              { quantity: 6, discount: { type: 'percentage', percent: 25 } },
              { quantity: 1 },
              { quantity: 3, discount: { type: 'percentage', percent: 15 } },
            ],
          },
          content: { en: EN },
        },
      ],
    });
    const decision = decide(context({ catalog, funnels: [f] }));
    expect(decision.step?.options.map((o) => [o.id, o.label, o.variants[0]?.price.presentment.totalMinor])).toEqual([
      ['tier:1', '1 × Product 2', 1000],
      ['tier:3', '3 × Product 2', 2550],
    ]);
    expect(candidateReason(decision, 'tier:6')).toBe('out_of_stock');
  });

  const plansCatalog = catalogOf([
    product(2, {
      price: 2000,
      sellingPlans: [
        {
          id: planGid(1),
          name: 'Monthly',
          category: 'SUBSCRIPTION',
          billing: { interval: 'MONTH', intervalCount: 1 },
          delivery: { interval: 'MONTH', intervalCount: 1 },
          priceAdjustment: { type: 'percentage', percent: 10 },
        },
        {
          id: planGid(2),
          name: 'Yearly prepaid',
          category: 'SUBSCRIPTION',
          billing: { interval: 'YEAR', intervalCount: 1 },
          delivery: { interval: 'MONTH', intervalCount: 1 },
          priceAdjustment: { type: 'percentage', percent: 15 },
        },
      ],
    }),
  ]);
  const plansFunnel = (surface: 'post_purchase' | 'checkout' | 'email' = 'post_purchase') =>
    funnel({
      id: 'f',
      surface,
      targeting: { conditions: [{ type: 'hasSubscription', value: false }] },
      steps: [
        {
          id: 'plans',
          offer: {
            kind: 'plans',
            productId: productGid(2),
            oneTime: { discount: null },
            plans: { type: 'all', discount: { type: 'percentage', percent: 5 } },
          },
          content: { en: EN },
        },
      ],
    });

  it('when a step offers payment plans, then one-time and every plan are options, each priced with its plan and discount', () => {
    const decision = decide(context({ catalog: plansCatalog, funnels: [plansFunnel()] }));
    expect(decision.step?.subscription).toBe(true);
    expect(decision.step?.options.map((o) => [o.id, o.label, o.variants[0]?.price.presentment.totalMinor])).toEqual([
      ['one_time', 'One-time purchase', 2000],
      [`plan:${planGid(1)}`, 'Monthly', 1710], // 2000 -> 1800 -> 5 % off
      [`plan:${planGid(2)}`, 'Yearly prepaid', 1615], // 2000 -> 1700 -> 5 % off
    ]);
  });

  it('when the order already has a subscription, then a post-purchase step keeps only the one-time option', () => {
    const f = funnel({ ...plansFunnel(), targeting: { conditions: [] } });
    const decision = decide(
      context({
        catalog: plansCatalog,
        funnels: [f],
        order: order({ lines: [line(1, { sellingPlanId: planGid(9) })] }),
      }),
    );
    expect(decision.step?.options.map((o) => o.id)).toEqual(['one_time']);
    expect(candidateReason(decision, `plan:${planGid(1)}`)).toBe('subscription_not_allowed');
  });

  it('when the offer goes out by email, then plans are offered (accepting one creates a contract Encore creates)', () => {
    const decision = decide(context({ catalog: plansCatalog, funnels: [plansFunnel('email')], surface: 'email' }));
    expect(decision.step?.options.map((o) => o.id)).toEqual(['one_time', `plan:${planGid(1)}`, `plan:${planGid(2)}`]);
  });

  it('when the shopper pays in EUR, then prices come from the price list or the rate, and without either nothing is offered', () => {
    const catalog = catalogOf([
      product(2, { price: 1600 }),
      product(3, { variants: [variant(3, 1, { priceMinor: 1600, presentmentPricesMinor: { EUR: 1500 } })] }),
    ]);
    const f = (n: number) =>
      funnel({
        id: `f${n}`,
        steps: [
          productStep('s', n, {
            offer: { kind: 'product', source: { type: 'product', productId: productGid(n) }, discount: null },
          }),
        ],
      });
    const eurOrder = order({ presentmentCurrency: 'EUR' });
    const byRate = decide(context({ catalog, funnels: [f(2)], order: eurOrder, settings: { exchangeRates: { EUR: '0.92' } } }));
    expect(byRate.step?.options[0]?.variants[0]?.price.presentment).toMatchObject({
      currency: 'EUR',
      totalMinor: 1472,
    });
    expect(byRate.step?.options[0]?.variants[0]?.price.shop).toMatchObject({ currency: 'USD', totalMinor: 1600 });
    const byList = decide(context({ catalog, funnels: [f(3)], order: eurOrder }));
    expect(byList.step?.options[0]?.variants[0]?.price.presentment.totalMinor).toBe(1500);
    const none = decide(context({ catalog, funnels: [f(2)], order: eurOrder }));
    expect(none.outcome).toBe('no_offer');
    expect(candidateReason(none, productGid(2))).toBe('no_price_in_currency');
  });
});

describe('decide: templates inside funnels', () => {
  it('when a later step uses a template, then it never repeats a product an earlier step offered', () => {
    const catalog = catalogOf([
      product(1, { collectionIds: [collectionGid(1)] }),
      product(2, { collectionIds: [collectionGid(1)] }),
      product(3, { collectionIds: [collectionGid(1)] }),
    ]);
    const related = {
      kind: 'product' as const,
      source: { type: 'template' as const, template: { template: 'related' as const } },
    };
    const f = funnel({
      id: 'f',
      steps: [
        { id: 'one', offer: related, content: { en: EN }, decline: 'two' },
        { id: 'two', offer: related, content: { en: EN } },
      ],
    });
    const decision = decide(context({ catalog, funnels: [f], order: order({ lines: [line(1, { collectionIds: [collectionGid(1)] })] }) }));
    const first = decision.step?.options[0]?.productId;
    const second = decision.steps.two?.status === 'ready' ? decision.steps.two.step.options[0]?.productId : null;
    expect([first, second]).toEqual([productGid(2), productGid(3)]);
  });
});

describe('next()', () => {
  const tree = funnel({
    id: 'f',
    steps: [
      productStep('root', 2, { accept: 'after-yes', decline: 'after-no' }),
      productStep('after-yes', 3, { accept: 'third' }),
      productStep('after-no', 4),
      productStep('third', 5, { accept: 'fourth' }),
      productStep('fourth', 6),
    ],
  });
  const start = () => decide(context({ catalog: baseCatalog, funnels: [tree] }));

  it('when the shopper accepts or declines, then the matching branch follows, and a leaf ends the funnel', () => {
    const yes = next(start(), 'root', true);
    expect(yes.type === 'step' && yes.step.stepId).toBe('after-yes');
    const no = next(start(), 'root', false);
    expect(no.type === 'step' && no.step.stepId).toBe('after-no');
    if (no.type !== 'step') throw new Error('expected a step');
    const end = next(no.decision, 'after-no', false);
    expect(end).toMatchObject({ type: 'end', reason: 'completed', decision: { step: null } });
    expect(end.type === 'end' && end.decision.path.map((p) => [p.stepId, p.accepted])).toEqual([
      ['root', false],
      ['after-no', false],
    ]);
  });

  it('when three offers were accepted on the post-purchase page, then the funnel ends (Shopify allows three)', () => {
    let decision = start();
    for (const stepId of ['root', 'after-yes']) {
      const result = next(decision, stepId, true);
      if (result.type !== 'step') throw new Error(`expected a step after ${stepId}`);
      decision = result.decision;
    }
    expect(next(decision, 'third', true)).toMatchObject({ type: 'end', reason: 'accept_limit' });
  });

  it('when the answer is for a step not on screen, then a typed error comes back', () => {
    expect(next(start(), 'third', true)).toMatchObject({ type: 'error', code: 'not_current_step' });
    expect(next(start(), 'root', true, { optionId: 'nope' })).toMatchObject({ type: 'error', code: 'unknown_option' });
  });

  it('when a subscription was accepted, then a later plans step offers only its one-time option', () => {
    const catalog = catalogOf([
      product(2, {
        sellingPlans: [
          {
            id: planGid(1),
            name: 'Monthly',
            category: 'SUBSCRIPTION',
            billing: { interval: 'MONTH', intervalCount: 1 },
            delivery: { interval: 'MONTH', intervalCount: 1 },
            priceAdjustment: null,
          },
        ],
      }),
      product(3, {
        sellingPlans: [
          {
            id: planGid(2),
            name: 'Monthly',
            category: 'SUBSCRIPTION',
            billing: { interval: 'MONTH', intervalCount: 1 },
            delivery: { interval: 'MONTH', intervalCount: 1 },
            priceAdjustment: null,
          },
        ],
      }),
    ]);
    const f = funnel({
      id: 'f',
      surface: 'checkout',
      steps: [
        {
          id: 'sub',
          offer: { kind: 'plans', productId: productGid(2), plans: { type: 'all' } },
          content: { en: EN },
          accept: 'again',
        },
        {
          id: 'again',
          offer: { kind: 'plans', productId: productGid(3), oneTime: {}, plans: { type: 'all' } },
          content: { en: EN },
        },
      ],
    });
    const decision = decide(context({ catalog, funnels: [f], surface: 'checkout' }));
    const result = next(decision, 'sub', true, { optionId: `plan:${planGid(1)}` });
    expect(result.type === 'step' && result.step.options.map((o) => o.id)).toEqual(['one_time']);
  });
});

describe('priceChange()', () => {
  const f = funnel({
    id: 'f',
    steps: [
      productStep('s', 2, {
        offer: {
          kind: 'product',
          source: { type: 'product', productId: productGid(2) },
          discount: { type: 'percentage', percent: 15 },
          maxQuantity: 3,
        },
      }),
    ],
  });
  const catalog = catalogOf([product(2, { price: 1999, stock: 2 })]);

  it('when the shopper picks a variant and quantity, then the exact line is priced from the stored decision alone', () => {
    const decision: Decision = JSON.parse(JSON.stringify(decide(context({ catalog, funnels: [f] }))));
    const result = priceChange(decision, {
      stepId: 's',
      optionId: productGid(2),
      variantId: variantGid(2),
      quantity: 2,
    });
    expect(result).toEqual({
      ok: true,
      change: {
        type: 'add_variant',
        funnelId: 'f',
        stepId: 's',
        offerId: 's',
        optionId: productGid(2),
        productId: productGid(2),
        variantId: variantGid(2),
        sellingPlanId: null,
        quantity: 2,
        presentment: {
          currency: 'USD',
          unitPriceMinor: 1999,
          quantity: 2,
          subtotalMinor: 3998,
          discountMinor: 599,
          totalMinor: 3399,
        },
        shop: {
          currency: 'USD',
          unitPriceMinor: 1999,
          quantity: 2,
          subtotalMinor: 3998,
          discountMinor: 599,
          totalMinor: 3399,
        },
        discount: { valueType: 'percentage', value: 15, title: '15% off' },
      },
    });
  });

  it.each([
    [{ stepId: 'other', optionId: productGid(2), variantId: variantGid(2) }, 'not_current_step'],
    [{ stepId: 's', optionId: 'plan:x', variantId: variantGid(2) }, 'unknown_option'],
    [{ stepId: 's', optionId: productGid(2), variantId: variantGid(9) }, 'unknown_variant'],
    [{ stepId: 's', optionId: productGid(2), variantId: variantGid(2), quantity: 0 }, 'quantity_not_allowed'],
    [{ stepId: 's', optionId: productGid(2), variantId: variantGid(2), quantity: 3 }, 'quantity_not_allowed'],
  ])('when the choice %o was not offered, then the error is %s', (choice, code) => {
    const result = priceChange(decide(context({ catalog, funnels: [f] })), choice);
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('when the decision made no offer, then nothing can be priced', () => {
    const decision = decide(context({ catalog, funnels: [f], settings: { holdoutPercent: 100 } }));
    expect(priceChange(decision, { stepId: 's', optionId: productGid(2), variantId: variantGid(2) })).toMatchObject({
      ok: false,
      error: { code: 'no_offer' },
    });
  });

  it('when a plan option is accepted, then the change adds a subscription with the plan id', () => {
    const planCatalog = catalogOf([
      product(2, {
        price: 2000,
        sellingPlans: [
          {
            id: planGid(1),
            name: 'Monthly',
            category: 'SUBSCRIPTION',
            billing: { interval: 'MONTH', intervalCount: 1 },
            delivery: { interval: 'MONTH', intervalCount: 1 },
            priceAdjustment: { type: 'percentage', percent: 10 },
          },
        ],
      }),
    ]);
    const pf = funnel({
      id: 'f',
      surface: 'checkout',
      steps: [
        {
          id: 'p',
          offer: {
            kind: 'plans',
            productId: productGid(2),
            plans: { type: 'all', discount: { type: 'fixed_amount', amountMinor: 150 } },
          },
          content: { en: EN },
        },
      ],
    });
    const decision = decide(context({ catalog: planCatalog, funnels: [pf], surface: 'checkout' }));
    const result = priceChange(decision, { stepId: 'p', optionId: `plan:${planGid(1)}`, variantId: variantGid(2) });
    expect(result).toMatchObject({
      ok: true,
      change: {
        type: 'add_subscription',
        sellingPlanId: planGid(1),
        presentment: { unitPriceMinor: 1800, totalMinor: 1650 },
        discount: { valueType: 'fixed_amount', value: 1.5, perUnitMinor: 150 },
      },
    });
  });
});

describe('decisions are plain data', () => {
  it('when a decision is stored as JSON and read back, then next() and priceChange() give the same answers', () => {
    const f = funnel({ id: 'f', steps: [productStep('a', 2, { accept: 'b' }), productStep('b', 3)] });
    const decision = decide(context({ catalog: baseCatalog, funnels: [f] }));
    const stored: Decision = JSON.parse(JSON.stringify(decision));
    expect(stored).toEqual(decision);
    expect(next(stored, 'a', true)).toEqual(next(decision, 'a', true));
  });
});
