// The pure parts: the funnel as the extension sees it, which steps the recorded answers make reachable, and the
// change built for a priced step. Decisions come from the real engine on small catalogs.
import { describe, expect, it } from 'vitest';
import {
  catalogOf,
  context,
  funnel,
  line,
  order,
  planGid,
  product,
  productStep,
  variant,
  variantGid,
} from '../../../test/support/engine-fixtures.js';
import { type Decision, decide, priceChange } from '../offers/index.js';
import { buildChange } from './changeset.js';
import { funnelView } from './funnel-view.js';
import { decisionAtStep, type RecordedStep } from './path.js';
import { freeSubscriptionShipping } from './subscription-shipping.js';

const shipping = freeSubscriptionShipping({ shopId: 's', locale: 'en', currency: 'USD' });

const catalog = catalogOf([
  product(1),
  product(2, {
    price: 2500,
    variants: [variant(2, 1, { priceMinor: 2500, compareAtPriceMinor: 3000 }), variant(2, 2, { priceMinor: 2500, inventoryQuantity: 1 })],
  }),
  product(3, { stock: 0 }),
  product(4),
  product(5),
  product(6, {
    sellingPlans: [
      {
        id: planGid(9),
        name: 'Monthly',
        category: 'SUBSCRIPTION',
        billing: { interval: 'MONTH', intervalCount: 1 },
        delivery: { interval: 'MONTH', intervalCount: 1 },
        priceAdjustment: { type: 'percentage', percent: 10 },
      },
    ],
  }),
]);

/**
 *   a (product 2, up to 3)  accept -> b (product 4)   accept -> d (product 5)
 *                                                     decline -> null
 *                           decline -> c (product 3, out of stock: skipped) -> decline e (plans of product 6)
 */
function decision(): Decision {
  const definition = funnel({
    id: 'f',
    steps: [
      productStep('a', 2, {
        accept: 'b',
        decline: 'c',
        offer: {
          kind: 'product',
          source: { type: 'product', productId: 'gid://shopify/Product/2' },
          discount: { type: 'percentage', percent: 20 },
          maxQuantity: 3,
        },
      }),
      productStep('b', 4, { accept: 'd' }),
      productStep('c', 3, { decline: 'e' }),
      productStep('d', 5),
      {
        id: 'e',
        offer: {
          kind: 'plans',
          productId: 'gid://shopify/Product/6',
          oneTime: { discount: null },
          plans: { type: 'all', discount: { type: 'percentage', percent: 5 } },
        },
        content: { en: { headline: 'Subscribe', body: 'Save', button: 'Subscribe', declineButton: null } },
      },
    ],
  });
  return decide(context({ catalog, funnels: [definition], order: order({ key: 'ref-1', lines: [line(1)] }) }));
}

describe('the funnel the extension receives', () => {
  it('when a branch leads to a step with nothing to offer, then it points past it along that step’s decline branch', () => {
    const view = funnelView('ref-1', decision(), { subscriptionShipping: shipping })!;
    expect(Object.keys(view.steps).sort()).toEqual(['a', 'b', 'd', 'e']);
    expect(view.firstStepId).toBe('a');
    expect({ accept: view.steps.a!.accept, decline: view.steps.a!.decline }).toEqual({ accept: 'b', decline: 'e' });
    expect(view.steps.b!.decline).toBeNull();
  });

  it('when a variant allows several quantities, then each comes with the price priceChange would sign, and none beyond its stock', () => {
    const view = funnelView('ref-1', decision(), { subscriptionShipping: shipping })!;
    const [first, second] = view.steps.a!.options[0]!.variants;
    expect(first!.id).toBe(201);
    expect(first!.totals).toEqual([
      { quantity: 1, total: { amount: '20.00', currencyCode: 'USD' }, compareAtTotal: { amount: '30.00', currencyCode: 'USD' } },
      { quantity: 2, total: { amount: '40.00', currencyCode: 'USD' }, compareAtTotal: { amount: '60.00', currencyCode: 'USD' } },
      { quantity: 3, total: { amount: '60.00', currencyCode: 'USD' }, compareAtTotal: { amount: '90.00', currencyCode: 'USD' } },
    ]);
    expect(second!.totals.map((total) => total.quantity)).toEqual([1]);
    expect(view.steps.a!.options[0]!.discount).toEqual({ value: 20, valueType: 'percentage', title: '20% off' });
  });

  it('when an option is a selling plan, then it carries the plan’s numeric id and the subscription shipping; one-time does not', () => {
    const view = funnelView('ref-1', decision(), { subscriptionShipping: shipping })!;
    const [oneTime, monthly] = view.steps.e!.options;
    expect(oneTime).toMatchObject({ id: 'one_time', plan: null, subscriptionShipping: null });
    expect(monthly).toMatchObject({ id: `plan:${planGid(9)}`, plan: { id: 9, name: 'Monthly' }, subscriptionShipping: shipping });
    expect(monthly!.variants[0]!.totals[0]!.total).toEqual({ amount: '8.55', currencyCode: 'USD' });
  });

  it('when the engine made no offer, then there is no funnel', () => {
    const none = decide(context({ catalog, funnels: [], order: order({ key: 'ref-2' }) }));
    expect(funnelView('ref-2', none, { subscriptionShipping: shipping })).toBeNull();
  });
});

describe('which step the recorded answers reach', () => {
  const recorded = (entries: Array<[string, RecordedStep]>) => new Map(entries);
  const reach = (stepId: string, entries: Array<[string, RecordedStep]> = []) =>
    decisionAtStep(decision(), stepId, recorded(entries))?.step?.stepId ?? null;

  it('when nothing was answered yet, then the first step and all reachable by declining are signable, accept branches are not', () => {
    expect(reach('a')).toBe('a');
    expect(reach('e')).toBe('e');
    expect(reach('b')).toBeNull();
    expect(reach('d')).toBeNull();
  });

  it('when a step was signed, then its accept branch opens; once applied, its decline branch closes', () => {
    expect(reach('b', [['a', { optionId: 'gid://shopify/Product/2', applied: false }]])).toBe('b');
    expect(reach('e', [['a', { optionId: 'gid://shopify/Product/2', applied: false }]])).toBe('e');
    expect(reach('e', [['a', { optionId: 'gid://shopify/Product/2', applied: true }]])).toBeNull();
    expect(
      reach('d', [
        ['a', { optionId: 'gid://shopify/Product/2', applied: true }],
        ['b', { optionId: 'gid://shopify/Product/4', applied: true }],
      ]),
    ).toBe('d');
  });

  it('when a step is not in the funnel at all, then nothing reaches it', () => {
    expect(reach('z')).toBeNull();
  });
});

describe('the change that gets signed', () => {
  it('when a product step is priced, then add_variant carries numeric ids, the quantity and the step’s discount', () => {
    const at = decision();
    const priced = priceChange(at, { stepId: 'a', optionId: 'gid://shopify/Product/2', variantId: variantGid(2, 1), quantity: 2 });
    expect(priced.ok && buildChange(priced.change, shipping)).toEqual({
      type: 'add_variant',
      variantId: 201,
      quantity: 2,
      discount: { value: 20, valueType: 'percentage', title: '20% off' },
    });
  });

  it('when a plan is priced, then add_subscription carries the plan and the shipping fields Shopify requires', () => {
    const at = decisionAtStep(decision(), 'e', new Map())!;
    const priced = priceChange(at, { stepId: 'e', optionId: `plan:${planGid(9)}`, variantId: variantGid(6, 1), quantity: 1 });
    expect(priced.ok && buildChange(priced.change, shipping)).toEqual({
      type: 'add_subscription',
      variantId: 601,
      sellingPlanId: 9,
      quantity: 1,
      initialShippingPrice: 0,
      recurringShippingPrice: 0,
      shippingOption: { title: 'Subscription shipping (Encore)', presentmentTitle: 'Free shipping' },
      discount: { value: 5, valueType: 'percentage', title: '5% off' },
    });
  });
});
