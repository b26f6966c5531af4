import type { PostPurchaseShouldRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { type BackendOptions, fetchFunnel } from './api.js';
import type { StoredFunnel } from './offer.js';

/**
 * ShouldRender runs while the buyer waits for the payment page: Shopify publishes no budget, and production
 * reports show pages skipped after about 4 s, so the whole decision (request, answer, storing it) must be done
 * well before that.
 */
export const SHOULD_RENDER_TIMEOUT_MS = 2_500;

/** Asks the backend for the funnel and stores it for Render; no offer, an error or a slow answer means no page. */
export async function shouldRender(
  { inputData, storage }: Pick<PostPurchaseShouldRenderApi, 'inputData' | 'storage'>,
  options: BackendOptions,
): Promise<{ render: boolean }> {
  const decide = async (): Promise<{ render: boolean }> => {
    const funnel = await fetchFunnel(inputData, options);
    if (!funnel) return { render: false };
    const stored: StoredFunnel = { funnel };
    await storage.update(stored);
    return { render: true };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The fetch has its own abort; this bounds everything else too (a storage write that never settles).
  const deadline = new Promise<{ render: boolean }>((resolve) => {
    timer = setTimeout(() => resolve({ render: false }), options.timeoutMs);
  });
  try {
    return await Promise.race([decide().catch(() => ({ render: false })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
