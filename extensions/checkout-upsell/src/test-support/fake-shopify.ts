// A stand-in for the `shopify` global the checkout gives an extension (API 2026-07), with @preact/signals
// signals where the checkout has subscribable signals, so components re-render exactly as they do in checkout.
import { type Signal, signal } from '@preact/signals';
import type {
  AppMetafieldEntry,
  CartInstructions,
  CartLine,
  CartLineChange,
  CartLineChangeResult,
  DiscountCodeChange,
  DiscountCodeChangeResult,
  Money,
} from '@shopify/ui-extensions/checkout';
import { type Mock, vi } from 'vitest';

export interface FakeShopify {
  target: Signal<CartLine>;
  lines: Signal<CartLine[]>;
  cost: { subtotalAmount: Signal<Money> };
  appMetafields: Signal<AppMetafieldEntry[]>;
  instructions: Signal<CartInstructions>;
  localization: {
    /** Typed as always present in checkout; `undefined` here tests an extension that must not depend on it. */
    language: Signal<{ isoCode: string } | undefined>;
    country: Signal<{ isoCode: string } | undefined>;
    currency: Signal<{ isoCode: string }>;
  };
  checkoutToken: Signal<string | undefined>;
  sessionToken: { get: Mock<() => Promise<string>> };
  i18n: { formatCurrency: (amount: number) => string };
  query: Mock<
    (query: string, options?: { variables?: Record<string, unknown>; version?: string }) => Promise<{ data?: unknown; errors?: unknown[] }>
  >;
  applyCartLinesChange: Mock<(change: CartLineChange) => Promise<CartLineChangeResult>>;
  applyDiscountCodeChange: Mock<(change: DiscountCodeChange) => Promise<DiscountCodeChangeResult>>;
}

export function allowedInstructions(
  overrides: { lines?: Partial<CartInstructions['lines']>; discounts?: Partial<CartInstructions['discounts']> } = {},
): CartInstructions {
  return {
    attributes: { canUpdateAttributes: true },
    delivery: { canSelectCustomAddress: true },
    discounts: { canUpdateDiscountCodes: true, ...overrides.discounts },
    lines: { canAddCartLine: true, canRemoveCartLine: true, canUpdateCartLine: true, ...overrides.lines },
    metafields: { canSetCartMetafields: true, canDeleteCartMetafield: true },
    notes: { canUpdateNote: true },
  };
}

export function cartLine(fields: {
  id?: string;
  variantId: string;
  productId: string;
  title?: string;
  quantity?: number;
  amount?: number;
  currencyCode?: Money['currencyCode'];
  sellingPlanId?: string;
}): CartLine {
  const quantity = fields.quantity ?? 1;
  const currencyCode = fields.currencyCode ?? 'EUR';
  return {
    id: fields.id ?? `gid://shopify/CartLine/${fields.variantId.split('/').pop()}`,
    quantity,
    cost: { totalAmount: { amount: fields.amount ?? 10 * quantity, currencyCode } },
    merchandise: {
      type: 'variant',
      id: fields.variantId,
      title: fields.title ?? 'Item',
      selectedOptions: [],
      requiresShipping: true,
      product: { id: fields.productId, vendor: 'Encore Demo', productType: '' },
      ...(fields.sellingPlanId ? { sellingPlan: { id: fields.sellingPlanId, recurringDeliveries: true } } : {}),
    },
    attributes: [],
    discountAllocations: [],
    lineComponents: [],
    parentRelationship: null,
  };
}

/** Installs a fresh fake as `globalThis.shopify` and returns it. Changes succeed unless a test says otherwise. */
export function installFakeShopify(
  options: {
    target?: CartLine;
    lines?: CartLine[];
    subtotal?: Money;
    appMetafields?: AppMetafieldEntry[];
    instructions?: CartInstructions;
    /** BCP 47 tag as checkout reports it; null = checkout reports no language. Default `en`. */
    language?: string | null;
    country?: string;
    currency?: string;
    checkoutToken?: string;
  } = {},
): FakeShopify {
  const lines = options.lines ?? (options.target ? [options.target] : []);
  const currency = options.currency ?? 'EUR';
  const language = signal(options.language === null ? undefined : { isoCode: options.language ?? 'en' });
  const fake: FakeShopify = {
    target: signal(
      options.target ?? lines[0] ?? cartLine({ variantId: 'gid://shopify/ProductVariant/0', productId: 'gid://shopify/Product/0' }),
    ),
    lines: signal(lines),
    cost: {
      subtotalAmount: signal(
        options.subtotal ?? {
          amount: lines.reduce((sum, line) => sum + line.cost.totalAmount.amount, 0),
          currencyCode: currency as Money['currencyCode'],
        },
      ),
    },
    appMetafields: signal(options.appMetafields ?? []),
    instructions: signal(options.instructions ?? allowedInstructions()),
    localization: {
      language,
      country: signal(options.country ? { isoCode: options.country } : undefined),
      currency: signal({ isoCode: currency }),
    },
    checkoutToken: signal(options.checkoutToken),
    sessionToken: { get: vi.fn(async () => 'session-token-1') },
    // Like the checkout: the buyer's locale and the checkout currency.
    i18n: {
      formatCurrency: (amount) =>
        new Intl.NumberFormat(formattingLocale(language.value?.isoCode), { style: 'currency', currency }).format(amount),
    },
    query: vi.fn(async () => ({ errors: [{ message: 'no Storefront fixture installed' }] })),
    applyCartLinesChange: vi.fn(async () => ({ type: 'success' as const })),
    applyDiscountCodeChange: vi.fn(async () => ({ type: 'success' as const })),
  };
  (globalThis as unknown as { shopify: FakeShopify }).shopify = fake;
  return fake;
}

export function appMetafield(value: unknown, namespace = '$app', key = 'checkout_offers'): AppMetafieldEntry {
  return {
    target: { type: 'shop', id: 'gid://shopify/Shop/1' },
    metafield: { namespace, key, value: JSON.stringify(value), valueType: 'json_string', type: 'json' },
  };
}

/** The checkout formats in the buyer's locale; a missing or malformed one (tests of odd locales) formats in English. */
function formattingLocale(isoCode: string | undefined): string {
  try {
    return isoCode ? (Intl.getCanonicalLocales(isoCode)[0] ?? 'en') : 'en';
  } catch {
    return 'en';
  }
}
