import type { PostPurchaseShouldRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { type EventsRequest, type Funnel, type OfferRequest, parseFunnel, type SignRequest } from './offer.js';

type InputData = PostPurchaseShouldRenderApi['inputData'];

export interface BackendOptions {
  /** Origin without trailing slash; empty means no backend is configured. */
  backendUrl: string;
  timeoutMs: number;
}

/** What every request starts with: the purchase and its shop. */
export function purchaseOf(inputData: Pick<InputData, 'initialPurchase' | 'shop'>): Pick<SignRequest, 'referenceId' | 'shopDomain'> {
  return { referenceId: inputData.initialPurchase.referenceId, shopDomain: inputData.shop.domain };
}

/** The body ShouldRender posts: the purchase as Shopify described it. */
export function offerRequestOf(inputData: InputData): OfferRequest {
  const purchase = inputData.initialPurchase;
  return {
    ...purchaseOf(inputData),
    locale: inputData.locale,
    ...(purchase.customerId ? { customerId: purchase.customerId } : {}),
    ...(purchase.destinationCountryCode ? { destinationCountryCode: purchase.destinationCountryCode } : {}),
    totalPriceSet: purchase.totalPriceSet,
    lineItems: purchase.lineItems.map((item) => ({
      productId: item.product.id,
      variantId: item.product.variant.id,
      quantity: item.quantity,
      ...(item.sellingPlanId !== undefined ? { sellingPlanId: item.sellingPlanId } : {}),
      totalPriceSet: item.totalPriceSet,
    })),
  };
}

/** The funnel for this purchase, or `null` for no offer, any failure, or no answer in time. */
export async function fetchFunnel(inputData: InputData, options: BackendOptions): Promise<Funnel | null> {
  const answer = await post('/api/post-purchase/offer', offerRequestOf(inputData), inputData.token, options);
  if (!answer.ok || !answer.json || typeof answer.json !== 'object' || !('offer' in answer.json)) return null;
  return parseFunnel(answer.json.offer);
}

export type SignOutcome = { ok: true; token: string } | { ok: false; code: string };

/** The signed changeset for an accepted step; on refusal the backend's error code (or "network"). */
export async function signStep(request: SignRequest, purchaseToken: string, options: BackendOptions): Promise<SignOutcome> {
  const answer = await post('/api/post-purchase/sign', request, purchaseToken, options);
  const json = answer.json as { token?: unknown; error?: { code?: unknown } } | null;
  if (answer.ok && typeof json?.token === 'string') return { ok: true, token: json.token };
  return { ok: false, code: typeof json?.error?.code === 'string' ? json.error.code : 'network' };
}

/** Fire-and-forget: resolves in every case and never throws; analytics must not slow the page down. */
export async function postEvents(request: EventsRequest, purchaseToken: string, options: BackendOptions): Promise<void> {
  await post('/api/post-purchase/events', request, purchaseToken, options);
}

interface Answer {
  ok: boolean;
  json: unknown;
}

/** POSTs JSON; never throws: a failure, a timeout or an unreadable answer is `{ok: false}`. */
async function post(path: string, body: unknown, bearer: string, { backendUrl, timeoutMs }: BackendOptions): Promise<Answer> {
  if (!backendUrl) return { ok: false, json: null };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${backendUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const json = (await response.json().catch(() => null)) as unknown;
    return { ok: response.ok, json };
  } catch {
    return { ok: false, json: null };
  } finally {
    clearTimeout(timer);
  }
}
