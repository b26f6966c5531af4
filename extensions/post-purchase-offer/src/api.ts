import type { PostPurchaseShouldRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { parseOffer, type OfferRequest, type PostPurchaseOffer, type SignRequest } from './offer.js';

type InputData = PostPurchaseShouldRenderApi['inputData'];

export interface BackendOptions {
  /** Origin without trailing slash; empty means no backend is configured. */
  backendUrl: string;
  timeoutMs: number;
}

/** The offer for this purchase, or `null` for no offer, any failure, or no answer in time. */
export async function fetchOffer(inputData: InputData, options: BackendOptions): Promise<PostPurchaseOffer | null> {
  const purchase = inputData.initialPurchase;
  const body: OfferRequest = {
    referenceId: purchase.referenceId,
    shopDomain: inputData.shop.domain,
    locale: inputData.locale,
    ...(purchase.customerId ? { customerId: purchase.customerId } : {}),
    ...(purchase.destinationCountryCode ? { destinationCountryCode: purchase.destinationCountryCode } : {}),
    totalPrice: purchase.totalPriceSet.presentmentMoney,
    lineItems: purchase.lineItems.map((item) => ({
      productId: item.product.id,
      variantId: item.product.variant.id,
      quantity: item.quantity,
      ...(item.sellingPlanId !== undefined ? { sellingPlanId: item.sellingPlanId } : {}),
      totalPrice: item.totalPriceSet.presentmentMoney,
    })),
  };
  const response = await post('/api/post-purchase/offer', body, inputData.token, options);
  return response && typeof response === 'object' && 'offer' in response ? parseOffer(response.offer) : null;
}

/** The signed changeset token for an accepted offer, or `null` when the backend refuses or fails. */
export async function signOffer(request: SignRequest, purchaseToken: string, options: BackendOptions): Promise<string | null> {
  const response = await post('/api/post-purchase/sign', request, purchaseToken, options);
  return response && typeof response === 'object' && 'token' in response && typeof response.token === 'string' ? response.token : null;
}

/** POSTs JSON and returns the parsed JSON answer; `null` on any failure, non-2xx status or timeout. */
async function post(path: string, body: unknown, bearer: string, { backendUrl, timeoutMs }: BackendOptions): Promise<unknown> {
  if (!backendUrl) return null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${backendUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (!response.ok) return null;
    return (await response.json()) as unknown;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
