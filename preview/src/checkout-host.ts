// The checkout preview's host page: what Shopify's checkout gives the checkout extension, then the extension itself
// (the real sources of extensions/checkout-upsell, bundled here with Preact). `?target=` picks the target:
// purchase.checkout.block.render (AddOnBlock) or purchase.checkout.cart-line-item.render-after (CartLineUpgrade, for
// the cart's first line). The `shopify` global holds @preact/signals signals, as checkout's does, so the extension
// re-renders when the cart changes:
// - the cart (lines, subtotal) from the store's catalog; applyCartLinesChange adds and updates lines in it;
// - the app metafield `$app:checkout_offers` as the backend's checkout sync wrote it for the shop;
// - checkout session tokens minted by the backend for the preview (demo mode only);
// - `shopify.query` answered from the store (Storefront API schema) through the backend.
// The page tells its parent (the admin's Preview page) its height and the cart after each change.
import { computed, signal } from '@preact/signals';
import type {
  AppMetafieldEntry,
  CartInstructions,
  CartLine,
  CartLineChange,
  CartLineChangeResult,
  DiscountCodeChange,
  DiscountCodeChangeResult,
} from '@shopify/ui-extensions/checkout';
import type { CheckoutOffersContract } from '../../extensions/checkout-upsell/src/offers-contract.js';
import { defineCheckoutElements } from './checkout-elements.js';
import { messageParent, post, previewShop, setBackendUrl, showProblem, watchHeight } from './host-page.js';

interface CheckoutPreview {
  cart: {
    currencyCode: string;
    lines: Array<{
      productId: number;
      variantId: number;
      title: string;
      variantTitle: string | null;
      quantity: number;
      unitAmount: string;
    }>;
  };
  appMetafield: { namespace: string; key: string; value: string };
  checkoutToken: string;
  sessionToken: string;
  expiresInSeconds: number;
}

const BLOCK = 'purchase.checkout.block.render';
const CART_LINE = 'purchase.checkout.cart-line-item.render-after';

const allowed: CartInstructions = {
  attributes: { canUpdateAttributes: true },
  delivery: { canSelectCustomAddress: true },
  discounts: { canUpdateDiscountCodes: true },
  lines: { canAddCartLine: true, canRemoveCartLine: true, canUpdateCartLine: true },
  metafields: { canSetCartMetafields: true, canDeleteCartMetafield: true },
  notes: { canUpdateNote: true },
};

function cartLine(
  currencyCode: string,
  fields: { variantId: string; productId: string; title: string; quantity: number; unitAmount: number; sellingPlanId?: string },
): CartLine {
  return {
    id: `gid://shopify/CartLine/${fields.variantId.split('/').pop()}-${Math.random().toString(36).slice(2, 8)}`,
    quantity: fields.quantity,
    cost: {
      totalAmount: {
        amount: fields.unitAmount * fields.quantity,
        currencyCode: currencyCode as CartLine['cost']['totalAmount']['currencyCode'],
      },
    },
    merchandise: {
      type: 'variant',
      id: fields.variantId,
      title: fields.title,
      selectedOptions: [],
      requiresShipping: true,
      product: { id: fields.productId, vendor: '', productType: '' },
      ...(fields.sellingPlanId ? { sellingPlan: { id: fields.sellingPlanId, recurringDeliveries: true } } : {}),
    },
    attributes: [],
    discountAllocations: [],
    lineComponents: [],
    parentRelationship: null,
  };
}

async function main(): Promise<void> {
  const shop = previewShop();
  const target = new URLSearchParams(window.location.search).get('target') ?? BLOCK;
  if (target !== BLOCK && target !== CART_LINE) throw new Error(`Unknown target ${target}: use ${BLOCK} or ${CART_LINE}.`);
  defineCheckoutElements();
  setBackendUrl(window.location.origin);
  const preview = await post<CheckoutPreview>('/api/preview/checkout', { shop });
  const currency = preview.cart.currencyCode;
  const contract = JSON.parse(preview.appMetafield.value) as CheckoutOffersContract;

  const lines = signal<CartLine[]>(
    preview.cart.lines.map((line) =>
      cartLine(currency, {
        variantId: `gid://shopify/ProductVariant/${line.variantId}`,
        productId: `gid://shopify/Product/${line.productId}`,
        title: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
        quantity: line.quantity,
        unitAmount: Number(line.unitAmount),
      }),
    ),
  );
  const discountCodes: string[] = [];
  const subtotal = computed(() => ({
    amount: lines.value.reduce((sum, line) => sum + line.cost.totalAmount.amount, 0),
    currencyCode: currency as CartLine['cost']['totalAmount']['currencyCode'],
  }));
  const report = () =>
    messageParent({
      type: 'cart',
      target,
      lines: lines.value.map((line) => ({
        title: line.merchandise.title,
        quantity: line.quantity,
        sellingPlanId: line.merchandise.sellingPlan?.id ?? null,
      })),
      discountCodes,
    });

  let token = { value: preview.sessionToken, expiresAt: Date.now() + preview.expiresInSeconds * 1000 };
  const metafield: AppMetafieldEntry = {
    target: { type: 'shop', id: 'gid://shopify/Shop/1' },
    metafield: {
      namespace: preview.appMetafield.namespace,
      key: preview.appMetafield.key,
      value: preview.appMetafield.value,
      valueType: 'json_string',
      type: 'json',
    },
  };

  const applyCartLinesChange = async (change: CartLineChange): Promise<CartLineChangeResult> => {
    if (change.type === 'addCartLine') {
      const offer = contract.offers.find((candidate) => candidate.merchandiseId === change.merchandiseId);
      if (!offer) return { type: 'error', message: `The preview cart knows no variant ${change.merchandiseId}.` };
      const price = offer.prices.find((p) => p.currencyCode === currency);
      const title = offer.title[contract.defaultLanguage] ?? Object.values(offer.title)[0] ?? change.merchandiseId;
      lines.value = [
        ...lines.value,
        cartLine(currency, {
          variantId: change.merchandiseId,
          productId: offer.productId,
          title,
          quantity: change.quantity,
          unitAmount: price?.compareAtAmount ?? price?.amount ?? 0,
          ...(change.sellingPlanId ? { sellingPlanId: change.sellingPlanId } : {}),
        }),
      ];
    } else if (change.type === 'updateCartLine') {
      const index = lines.value.findIndex((line) => line.id === change.id);
      const current = lines.value[index];
      if (!current) return { type: 'error', message: `No cart line ${change.id}.` };
      const { sellingPlan: _previous, ...merchandise } = current.merchandise;
      const plan = change.sellingPlanId ? { sellingPlan: { id: change.sellingPlanId, recurringDeliveries: true } } : {};
      const updated: CartLine = { ...current, merchandise: { ...merchandise, ...plan } };
      lines.value = lines.value.map((line, i) => (i === index ? updated : line));
      shopify.target.value = updated;
    } else {
      return { type: 'error', message: `The preview does not do ${change.type}.` };
    }
    report();
    return { type: 'success' };
  };

  const shopify = {
    target: signal<CartLine>(lines.value[0] as CartLine),
    lines,
    cost: { subtotalAmount: subtotal, totalAmount: subtotal },
    appMetafields: signal<AppMetafieldEntry[]>([metafield]),
    instructions: signal<CartInstructions>(allowed),
    localization: {
      language: signal({ isoCode: contract.defaultLanguage || 'en' }),
      country: signal({ isoCode: 'US' }),
      currency: signal({ isoCode: currency }),
    },
    checkoutToken: signal<string | undefined>(preview.checkoutToken),
    sessionToken: {
      async get(): Promise<string> {
        if (token.expiresAt - Date.now() > 30_000) return token.value;
        const fresh = await post<{ token: string; expiresInSeconds: number }>('/api/preview/checkout/session-token', { shop });
        token = { value: fresh.token, expiresAt: Date.now() + fresh.expiresInSeconds * 1000 };
        return token.value;
      },
    },
    i18n: {
      formatCurrency: (amount: number) =>
        new Intl.NumberFormat(contract.defaultLanguage || 'en', { style: 'currency', currency }).format(amount),
    },
    query: (query: string, options?: { variables?: Record<string, unknown> }) =>
      post<unknown>('/api/preview/storefront', { shop, query, variables: options?.variables ?? {} }),
    applyCartLinesChange,
    async applyDiscountCodeChange(change: DiscountCodeChange): Promise<DiscountCodeChangeResult> {
      if (change.type === 'addDiscountCode') discountCodes.push(change.code);
      report();
      return { type: 'success' };
    },
  };
  (globalThis as unknown as { shopify: typeof shopify }).shopify = shopify;
  report();
  watchHeight(target);
  const extension =
    target === BLOCK
      ? await import('../../extensions/checkout-upsell/src/AddOnBlock.js')
      : await import('../../extensions/checkout-upsell/src/CartLineUpgrade.js');
  await extension.default();
}

main().catch(showProblem);
