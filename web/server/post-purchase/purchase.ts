// The purchase in the engine's terms: post-purchase input data (numeric ids, money strings) to an OrderSnapshot,
// with product facts (collections, tags, vendor, type) from the cached catalog and customer facts from the
// stored CustomerProfile - nothing is asked of Shopify on this path.

import type { z } from 'zod';
import { type Catalog, type CustomerSnapshot, decimalToMinor, type OrderLine, type OrderSnapshot, toGid } from '../offers/index.js';
import { InputDataClaimSchema, type OfferRequest, type Purchase } from './wire.js';

/** Shopify's signed copy of the extension input, as far as we read it. */
export type SignedInput = z.output<typeof InputDataClaimSchema>;

/** The token's `input_data`, parsed once per request; null when the token carries none (or one we cannot read). */
export function signedInputOf(inputData: unknown): SignedInput | null {
  const signed = InputDataClaimSchema.safeParse(inputData);
  return signed.success ? signed.data : null;
}

/** The order key of a post-purchase decision: the purchase's reference id (the token's `sub`). */
export function orderKeyOf(purchase: Pick<Purchase, 'referenceId'>): string {
  return purchase.referenceId;
}

export function orderSnapshot(purchase: Purchase, catalog: Catalog): OrderSnapshot {
  const presentmentCurrency = purchase.totalPriceSet.presentmentMoney.currencyCode;
  const shopCurrency = purchase.totalPriceSet.shopMoney.currencyCode;
  let shopMinor = 0;
  let presentmentMinor = 0;
  const lines: OrderLine[] = purchase.lineItems.map((item) => {
    const productId = toGid('Product', item.productId);
    const product = catalog.products.get(productId);
    const linePresentment = minorOf(item.totalPriceSet.presentmentMoney.amount, presentmentCurrency);
    presentmentMinor += linePresentment;
    shopMinor += minorOf(item.totalPriceSet.shopMoney.amount, shopCurrency);
    return {
      productId,
      variantId: toGid('ProductVariant', item.variantId),
      quantity: item.quantity,
      unitPriceMinor: Math.round(linePresentment / item.quantity),
      sellingPlanId: item.sellingPlanId ? toGid('SellingPlan', item.sellingPlanId) : null,
      collectionIds: product?.collectionIds ?? [],
      tags: product?.tags ?? [],
      vendor: product?.vendor ?? '',
      productType: product?.productType ?? '',
    };
  });
  return {
    key: orderKeyOf(purchase),
    lines,
    subtotal: { shopMinor, presentmentMinor },
    presentmentCurrency,
    // The post-purchase input carries no order tags; the page only runs for the online store.
    tags: [],
    shippingCountry: purchase.destinationCountryCode ?? null,
    salesChannel: 'online_store',
  };
}

/** Amounts with more decimals than the currency has (Shopify never sends them) are rounded, not refused. */
function minorOf(amount: string, currency: string): number {
  try {
    return decimalToMinor(amount, currency);
  } catch {
    return Math.round(Number(amount) * 100);
  }
}

export interface CustomerProfileFacts {
  ordersCount: number;
  tags: readonly string[];
  purchasedProductIds: readonly string[];
}

/** A guest (no customer id) is null; a customer we have no profile of yet is a first-time buyer with no tags. */
export function customerSnapshot(customerGid: string | null, profile: CustomerProfileFacts | null): CustomerSnapshot | null {
  if (!customerGid) return null;
  return {
    id: customerGid,
    // ShouldRender runs before this order exists, so the profile counts earlier orders only.
    previousOrderCount: Math.max(0, profile?.ordersCount ?? 0),
    tags: profile?.tags ?? [],
    purchasedProductIds: profile?.purchasedProductIds ?? [],
  };
}

export function customerGidOf(customerId: string | number | null | undefined): string | null {
  if (customerId === null || customerId === undefined || customerId === '') return null;
  return toGid('Customer', customerId);
}

/**
 * The purchase to decide on: Shopify's signed copy (`input_data`) when the token carries one, else the body.
 * 'mismatch' when the signed copy names another shop or purchase than the body (a forged body).
 */
/** The purchase an offer is decided for, with the shop and locale it came from. */
export interface TrustedPurchase {
  purchase: Purchase;
  shopDomain: string;
  locale: string;
}

export function trustedPurchase(body: OfferRequest, claim: SignedInput | null): TrustedPurchase | 'mismatch' {
  if (!claim) return { purchase: body, shopDomain: body.shopDomain, locale: body.locale };
  if (claim.shop.domain !== body.shopDomain || claim.initialPurchase.referenceId !== body.referenceId) return 'mismatch';
  const initial = claim.initialPurchase;
  return {
    shopDomain: claim.shop.domain,
    locale: claim.locale ?? body.locale,
    purchase: {
      referenceId: initial.referenceId,
      customerId: initial.customerId === null || initial.customerId === undefined ? null : String(initial.customerId),
      destinationCountryCode: initial.destinationCountryCode ?? null,
      totalPriceSet: initial.totalPriceSet,
      lineItems: initial.lineItems.map((item) => ({
        productId: item.product.id,
        variantId: item.product.variant.id,
        quantity: item.quantity,
        sellingPlanId: item.sellingPlanId ?? null,
        totalPriceSet: item.totalPriceSet,
      })),
    },
  };
}
