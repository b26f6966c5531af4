// The id of a checkout offer: `<funnelId>/<stepId>/<product number>[/<ledger offer key>]`. The events endpoint
// reads the funnel, step, product and ledger key back from what the block posts.
import { toGid, toLegacyId } from '../../offers/index.js';

export interface ParsedOfferId {
  funnelId: string;
  stepId: string;
  productId: string;
  /** The ledger's offer key (the step id unless the step names another). */
  offerKey: string;
}

/** The key is left out when it is the step id. */
export function checkoutOfferId({ funnelId, stepId, productId, offerKey }: ParsedOfferId): string {
  return `${funnelId}/${stepId}/${toLegacyId(productId)}${offerKey === stepId ? '' : `/${offerKey}`}`;
}

/** Reads back what checkoutOfferId encoded; null for anything else. */
export function parseCheckoutOfferId(id: string): ParsedOfferId | null {
  const parts = id.split('/');
  if (parts.length !== 3 && parts.length !== 4) return null;
  const [funnelId, stepId, productNumber, offerKey] = parts as [string, string, string, string | undefined];
  if (!funnelId || !stepId || !/^\d+$/.test(productNumber) || offerKey === '') return null;
  return { funnelId, stepId, productId: toGid('Product', productNumber), offerKey: offerKey ?? stepId };
}
