// A small funnel in the backend's wire shape, and the render API around it, for the extension's own tests.
import { vi } from 'vitest';
import type { ChangesetChange, Funnel, OptionView, StepView, VariantView } from '../offer.js';

export const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
const bag = (amount: string) => ({ shopMoney: eur(amount), presentmentMoney: eur(amount) });

function variant(id: number, title: string, prices: Array<[number, string, string | null]>): VariantView {
  return {
    id,
    title,
    imageUrl: `https://cdn.shopify.com/s/files/v${id}.jpg`,
    available: 10,
    unitPrice: eur(prices[0]![1]),
    totals: prices.map(([quantity, total, compareAt]) => ({
      quantity,
      total: eur(total),
      compareAtTotal: compareAt === null ? null : eur(compareAt),
    })),
  };
}

function option(fields: Partial<OptionView> & Pick<OptionView, 'id' | 'label' | 'variants'>): OptionView {
  return {
    productTitle: 'Burr grinder',
    imageUrl: 'https://cdn.shopify.com/s/files/grinder.jpg',
    plan: null,
    quantity: { min: 1, max: 1, default: 1 },
    discountLabel: null,
    discount: null,
    subscriptionShipping: null,
    ...fields,
  };
}

export const grinderStep: StepView = {
  stepId: 'grinder',
  kind: 'product',
  subscription: false,
  headline: 'Grind it fresh',
  body: 'Burr grinder, 20% off today',
  button: 'Add to order',
  declineButton: 'No thanks',
  countdownSeconds: null,
  accept: 'tea',
  decline: 'filters',
  options: [
    option({
      id: 'product:gid://shopify/Product/3',
      label: 'Burr grinder',
      quantity: { min: 1, max: 2, default: 1 },
      discountLabel: '20% off',
      discount: { value: 20, valueType: 'percentage', title: '20% off' },
      variants: [
        variant(31, 'Steel', [
          [1, '40.00', '50.00'],
          [2, '80.00', '100.00'],
        ]),
        variant(32, 'Black', [[1, '44.00', null]]),
      ],
    }),
  ],
};

export const teaStep: StepView = {
  stepId: 'tea',
  kind: 'plans',
  subscription: true,
  headline: 'Tea on repeat',
  body: 'Sencha on your schedule',
  button: 'Subscribe',
  declineButton: null,
  countdownSeconds: null,
  accept: null,
  decline: null,
  options: [
    option({ id: 'one_time', label: 'One-time purchase', productTitle: 'Sencha', variants: [variant(61, '100 g', [[1, '12.00', null]])] }),
    option({
      id: 'plan:gid://shopify/SellingPlan/7',
      label: 'Delivered monthly',
      productTitle: 'Sencha',
      plan: { id: 7, name: 'Delivered monthly' },
      discountLabel: '5% off',
      discount: { value: 5, valueType: 'percentage', title: '5% off' },
      subscriptionShipping: {
        initialShippingPrice: 0,
        recurringShippingPrice: 4.5,
        shippingOption: { title: 'Subscription', presentmentTitle: 'Standard' },
      },
      variants: [variant(61, '100 g', [[1, '10.26', '12.00']])],
    }),
  ],
};

/** The change Shopify is asked to price for the tea step's monthly plan, as the backend would sign it. */
export const monthlyTeaChange: ChangesetChange = {
  type: 'add_subscription',
  variantId: 61,
  sellingPlanId: 7,
  quantity: 1,
  initialShippingPrice: 0,
  recurringShippingPrice: 4.5,
  shippingOption: { title: 'Subscription', presentmentTitle: 'Standard' },
  discount: { value: 5, valueType: 'percentage', title: '5% off' },
};

export const filtersStep: StepView = {
  stepId: 'filters',
  kind: 'tiers',
  subscription: false,
  headline: 'Stock up on filters',
  body: 'The more, the cheaper',
  button: 'Add filters',
  declineButton: null,
  countdownSeconds: null,
  accept: null,
  decline: null,
  options: [
    option({
      id: 'tier:2',
      label: '2 × Filters',
      productTitle: 'Filters',
      quantity: { min: 2, max: 2, default: 2 },
      variants: [variant(171, 'Default Title', [[2, '12.35', '13.00']])],
    }),
    option({
      id: 'tier:4',
      label: '4 × Filters',
      productTitle: 'Filters',
      quantity: { min: 4, max: 4, default: 4 },
      variants: [variant(171, 'Default Title', [[4, '23.40', '26.00']])],
    }),
  ],
};

export function funnel(overrides: Partial<Funnel> = {}): Funnel {
  return {
    version: 2,
    referenceId: 'ref-1',
    funnelId: 'f1',
    locale: 'en',
    currencyCode: 'EUR',
    firstStepId: 'grinder',
    maxAccepts: 3,
    steps: { grinder: grinderStep, tea: teaStep, filters: filtersStep },
    ...overrides,
  };
}

export function inputData(locale = 'en') {
  return {
    extensionPoint: 'Checkout::PostPurchase::ShouldRender',
    locale,
    token: 'purchase-jwt',
    version: 'unstable',
    shop: { id: 1, domain: 'encore-demo.myshopify.com', metafields: [] },
    initialPurchase: {
      referenceId: 'ref-1',
      customerId: '77',
      destinationCountryCode: 'FR',
      totalPriceSet: bag('50.00'),
      lineItems: [
        {
          product: { id: 1, title: 'House coffee', metafields: [], variant: { id: 11, title: '250 g', metafields: [] } },
          quantity: 2,
          sellingPlanId: 5,
          totalPriceSet: bag('40.00'),
        },
      ],
    },
  };
}

/** Shopify's summary for a changeset: the line at `amount`, 20 % tax, optional shipping. */
export function calculated(amount: string, shipping = '0.00') {
  const tax = (Number(amount) * 0.2).toFixed(2);
  const total = (Number(amount) + Number(tax) + Number(shipping)).toFixed(2);
  return {
    status: 'processed',
    errors: [],
    calculatedPurchase: {
      subtotalPriceSet: bag(amount),
      totalPriceSet: bag(total),
      totalOutstandingSet: bag(total),
      addedTaxLines: [{ priceSet: bag(tax), rate: 0.2, title: 'TVA' }],
      addedShippingLines: Number(shipping) > 0 ? [{ priceSet: bag(shipping), presentmentTitle: 'Standard' }] : [],
      updatedLineItems: [
        { totalPriceSet: bag(amount), priceSet: bag(amount), productId: 3, variantId: 31, productHandle: 'grinder', quantity: 1 },
      ],
    },
  };
}

type Change = { variantId: number; quantity: number; sellingPlanId?: number };

/** The Render API with Shopify's calls as spies: calculateChangeset prices the line from the funnel's totals. */
export function renderInput(stored: unknown, locale = 'en') {
  const allVariants = Object.values(funnel().steps).flatMap((step) =>
    step.options.flatMap((o) => o.variants.map((v) => ({ option: o, variant: v }))),
  );
  return {
    extensionPoint: 'Checkout::PostPurchase::Render',
    locale,
    version: 'unstable',
    inputData: inputData(locale),
    storage: { initialData: stored, update: vi.fn(async () => undefined) },
    calculateChangeset: vi.fn(async ({ changes }: { changes: Change[] }) => {
      const change = changes[0]!;
      const match = allVariants.find(
        ({ option, variant }) =>
          variant.id === change.variantId &&
          (option.plan?.id ?? null) === (change.sellingPlanId ?? null) &&
          variant.totals.some((t) => t.quantity === change.quantity),
      );
      const amount = match?.variant.totals.find((t) => t.quantity === change.quantity)?.total.amount ?? '0.00';
      return calculated(amount);
    }),
    applyChangeset: vi.fn(async (_token: string, _options?: unknown) => ({
      status: 'processed',
      errors: [] as Array<{ code: string; message: string }>,
      changesetApplicationsRemaining: 2,
    })),
    done: vi.fn(async () => undefined),
  };
}
