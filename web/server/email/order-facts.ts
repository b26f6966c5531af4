// An order as the Admin API reads it (EmailOrderQuery), in the engine's terms, and the engine's decision as the
// snapshot the email and the offer page show.
import {
  type Catalog,
  type CustomerSnapshot,
  type Decision,
  decimalToMinor,
  type OrderLine,
  type OrderSnapshot,
  type PresentedOption,
} from '../offers/index.js';
import type { EmailOrderNode } from '../shopify/graphql/EmailOrderQuery.js';
import { OFFER_SNAPSHOT_VERSION, type OfferSnapshot, type OfferSnapshotProduct } from './offer-snapshot.js';

function minorOf(amount: string, currency: string): number {
  try {
    return decimalToMinor(amount, currency);
  } catch {
    return Math.round(Number(amount) * 100);
  }
}

export function orderSnapshotOf(order: EmailOrderNode, catalog: Catalog): OrderSnapshot {
  const presentment = order.presentmentCurrencyCode;
  const lines: OrderLine[] = [];
  for (const item of order.lineItems.nodes) {
    if (!item.product || !item.variant || item.currentQuantity <= 0) continue;
    const product = catalog.products.get(item.product.id);
    lines.push({
      productId: item.product.id,
      variantId: item.variant.id,
      quantity: item.currentQuantity,
      unitPriceMinor: minorOf(item.originalUnitPriceSet.presentmentMoney.amount, presentment),
      sellingPlanId: item.sellingPlan?.sellingPlanId ?? null,
      collectionIds: product?.collectionIds ?? [],
      tags: product?.tags ?? [],
      vendor: product?.vendor ?? '',
      productType: product?.productType ?? '',
    });
  }
  return {
    key: order.id,
    lines,
    subtotal: {
      shopMinor: order.subtotalPriceSet ? minorOf(order.subtotalPriceSet.shopMoney.amount, order.currencyCode) : 0,
      presentmentMinor: order.subtotalPriceSet ? minorOf(order.subtotalPriceSet.presentmentMoney.amount, presentment) : 0,
    },
    presentmentCurrency: presentment,
    tags: order.tags,
    shippingCountry: order.shippingAddress?.countryCodeV2 ?? null,
    // Order.sourceName: "web" for the online store, "pos", or an app's id.
    salesChannel: order.sourceName === 'web' ? 'online_store' : (order.sourceName ?? null),
  };
}

export interface ProfileFacts {
  ordersCount: number;
  tags: readonly string[];
  purchasedProductIds: readonly string[];
}

/** The profile already counts this order (orders/create updated it first), so earlier orders are one fewer. */
export function customerSnapshotOf(order: EmailOrderNode, profile: ProfileFacts | null): CustomerSnapshot | null {
  if (!order.customer) return null;
  const thisOrder = new Set(order.lineItems.nodes.map((item) => item.product?.id).filter((id): id is string => Boolean(id)));
  return {
    id: order.customer.id,
    previousOrderCount: Math.max(0, (profile?.ordersCount ?? 1) - 1),
    tags: profile?.tags ?? [],
    purchasedProductIds: (profile?.purchasedProductIds ?? []).filter((id) => !thisOrder.has(id)),
  };
}

function productOf(option: PresentedOption): OfferSnapshotProduct | null {
  const variants = option.variants
    .filter((variant) => variant.available === null || variant.available > 0)
    .map((variant) => ({
      id: variant.id,
      title: variant.title,
      imageUrl: variant.imageUrl,
      available: variant.available,
      price: { presentment: variant.price.presentment, shop: variant.price.shop },
      display: variant.display,
    }));
  if (variants.length === 0) return null;
  return {
    optionId: option.id,
    productId: option.productId,
    title: option.productTitle,
    handle: option.productHandle,
    imageUrl: option.imageUrl,
    label: option.label,
    quantity: option.quantity,
    discount: option.discount,
    resolvedDiscount: option.resolvedDiscount,
    discountLabel: option.discountLabel,
    variants,
    // A plan option: accepting it creates a contract (order-edit/route-accept.ts).
    ...(option.sellingPlan ? { sellingPlan: option.sellingPlan } : {}),
  };
}

/** The snapshot of an offer decision (its first step); null when the decision offers nothing an email can show. */
export function snapshotOf(decision: Decision, whenOutOfStock: OfferSnapshot['whenOutOfStock']): OfferSnapshot | null {
  const step = decision.step;
  if (decision.outcome !== 'offer' || !step || !decision.funnelId) return null;
  const products = step.options.map(productOf).filter((product): product is OfferSnapshotProduct => product !== null);
  if (products.length === 0) return null;
  return {
    version: OFFER_SNAPSHOT_VERSION,
    funnelId: decision.funnelId,
    stepId: step.stepId,
    offerId: step.offerId,
    kind: step.kind,
    arm: decision.arm,
    locale: step.locale,
    currency: decision.currency,
    texts: { headline: step.content.headline, body: step.content.body, button: step.content.button },
    products,
    whenOutOfStock,
    decidedAt: decision.decidedAt,
  };
}

export interface StockLevel {
  /** Units that can be sold; null when not limited (untracked, or sold when out of stock). */
  available: number | null;
}

/**
 * The snapshot with what is no longer in stock dropped (a product with no variant left goes), or null when nothing is
 * left. A product's default quantity must still be in stock.
 */
export function withStock(
  snapshot: OfferSnapshot,
  stock: ReadonlyMap<string, StockLevel>,
): { snapshot: OfferSnapshot | null; dropped: string[] } {
  const dropped: string[] = [];
  const products: OfferSnapshotProduct[] = [];
  for (const product of snapshot.products) {
    const variants = product.variants
      .map((variant) => {
        const level = stock.get(variant.id);
        return level ? { ...variant, available: level.available } : null;
      })
      .filter((variant): variant is NonNullable<typeof variant> => {
        if (variant === null) return false;
        return variant.available === null || variant.available >= product.quantity.min;
      });
    if (variants.length === 0) dropped.push(product.productId);
    else products.push({ ...product, variants });
  }
  return { snapshot: products.length > 0 ? { ...snapshot, products } : null, dropped };
}
