import type { PostPurchaseShouldRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { fetchOffer, type BackendOptions } from './api.js';
import type { StoredOffer } from './offer.js';

/**
 * ShouldRender runs while the buyer waits for the payment page: Shopify publishes no budget, and production
 * reports show pages skipped after about 4 s, so the offer must come back well before that.
 */
export const SHOULD_RENDER_TIMEOUT_MS = 2_500;

/** Asks the backend for an offer and stores it for Render; no offer, an error or a slow answer means no page. */
export async function shouldRender(
  { inputData, storage }: Pick<PostPurchaseShouldRenderApi, 'inputData' | 'storage'>,
  options: BackendOptions,
): Promise<{ render: boolean }> {
  const offer = await fetchOffer(inputData, options);
  if (!offer) return { render: false };
  try {
    const stored: StoredOffer = { offer };
    await storage.update(stored);
    return { render: true };
  } catch {
    return { render: false };
  }
}
