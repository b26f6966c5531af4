// Shopify's side of the extension previews (web/server/preview/shopify-side.ts `PreviewShopify`), over the Admin API
// emulator's store: `npm run demo` and the tests inject it into the backend. The post-purchase part is the same
// Shopify host the extension's own end-to-end test uses (post-purchase/shopify-host.ts: a real order, the purchase
// token, calculateChangeset and applyChangeset with Shopify's checks); `shopify.query` runs the checkout extension's
// Storefront query against Shopify's real Storefront schema over the store's variants and selling plans (the
// extension's test support: extensions/checkout-upsell/src/test-support/storefront.ts).
import type { GraphQLSchema } from 'graphql';
import { storefrontQuery, storefrontSchema, type VariantFixture } from '../../extensions/checkout-upsell/src/test-support/storefront.js';
import type { PreviewCart, PreviewShopify, ShopifyAnswer } from '../../web/server/preview/index.js';
import { DEMO_CUSTOMERS, DEMO_VARIANTS } from '../emulator/seed/demo-store.js';
import type { RunningEmulator } from '../emulator/server.js';
import { formatCents } from '../emulator/store/money.js';
import type { ShopStore } from '../emulator/store/shop-store.js';
import { type ShopifyPurchase, startShopifyPurchase } from './post-purchase/shopify-host.js';

export interface PreviewShopifyOptions {
  apiKey: string;
  apiSecret: string;
  /** The emulator, once it runs (the backend starts first, in the demo and in the harness). */
  emulator: () => RunningEmulator | undefined;
  /** The preview's cart; default one bag of the demo store's Ethiopia beans. */
  cart?: Array<{ variantId: number; quantity: number }>;
  /** Who buys in the post-purchase preview; default the demo store's new customer (first order). */
  customerId?: number;
}

export function emulatorPreviewShopify(options: PreviewShopifyOptions): PreviewShopify {
  const purchases = new Map<string, ShopifyPurchase>();
  let schema: Promise<GraphQLSchema> | null = null;
  const store = (shopDomain: string): ShopStore => {
    const emulator = options.emulator();
    if (!emulator) throw new Error('the Admin API emulator is not running yet');
    const found = emulator.store;
    if (found.domain !== shopDomain) throw new Error(`the emulator serves ${found.domain}, not ${shopDomain}`);
    return found;
  };
  const cartLines = options.cart ?? [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }];

  return {
    async cart(shopDomain): Promise<PreviewCart> {
      const shop = store(shopDomain);
      const lines = cartLines.flatMap(({ variantId, quantity }) => {
        const variant = shop.variant(variantId);
        const product = variant ? shop.products.get(variant.productId) : undefined;
        if (!variant || !product) return [];
        return [
          {
            productId: product.id,
            variantId: variant.id,
            title: product.title,
            variantTitle: variant.title === 'Default Title' ? null : variant.title,
            quantity,
            unitAmount: formatCents(variant.price),
          },
        ];
      });
      return { currencyCode: shop.shop.currencyCode, lines };
    },

    async startPurchase(shopDomain, lines) {
      const emulator = options.emulator();
      store(shopDomain);
      const purchase = startShopifyPurchase(emulator!, {
        apiKey: options.apiKey,
        apiSecret: options.apiSecret,
        customerId: options.customerId ?? DEMO_CUSTOMERS.newFirstOrder,
        lines,
      });
      purchases.set(purchase.referenceId, purchase);
      return { referenceId: purchase.referenceId, orderName: purchase.order.name, inputData: { ...purchase.inputData } };
    },

    async calculateChangeset(referenceId, changeset) {
      const purchase = purchases.get(referenceId);
      if (!purchase) return null;
      return (await purchase.calculateChangeset(
        changeset as Parameters<ShopifyPurchase['calculateChangeset']>[0],
      )) as unknown as ShopifyAnswer;
    },

    async applyChangeset(referenceId, token, applyOptions) {
      const purchase = purchases.get(referenceId);
      if (!purchase) return null;
      return (await purchase.applyChangeset(token, applyOptions)) as unknown as ShopifyAnswer;
    },

    async storefrontQuery(shopDomain, query, variables) {
      const shop = store(shopDomain);
      schema ??= storefrontSchema();
      const run = storefrontQuery(await schema, storefrontVariants(shop));
      return (await run(query, { variables })) as unknown as ShopifyAnswer;
    },
  };
}

/** The store's variants with their subscription plans, as the Storefront API shows them (first pricing policy). */
function storefrontVariants(shop: ShopStore): VariantFixture[] {
  const fixtures: VariantFixture[] = [];
  for (const product of shop.products.values()) {
    for (const variantId of product.variantIds) {
      const variant = shop.variant(variantId);
      if (!variant) continue;
      const plans = [...shop.sellingPlanGroups.values()]
        .filter((group) => group.productIds.includes(product.id) || group.variantIds.includes(variant.id))
        .flatMap((group) => group.planIds.map((id) => shop.sellingPlans.get(id)))
        .filter((plan) => plan !== undefined && plan.category === 'SUBSCRIPTION')
        .map((plan) => {
          const policy = plan!.pricingPolicies[0];
          const price =
            policy?.adjustmentType === 'PERCENTAGE'
              ? variant.price - Math.floor((variant.price * policy.adjustmentValue) / 100)
              : policy?.adjustmentType === 'FIXED_AMOUNT'
                ? variant.price - policy.adjustmentValue
                : (policy?.adjustmentValue ?? variant.price);
          return {
            id: `gid://shopify/SellingPlan/${plan!.id}`,
            name: plan!.name,
            price: formatCents(price),
            compareAtPrice: formatCents(variant.price),
          };
        });
      fixtures.push({
        id: `gid://shopify/ProductVariant/${variant.id}`,
        price: formatCents(variant.price),
        requiresSellingPlan: product.requiresSellingPlan,
        plans,
      });
    }
  }
  return fixtures;
}
