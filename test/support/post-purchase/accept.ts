// Test support: a shopper accepting the first offer of their post-purchase funnel, through the real endpoints, as the
// extension does it: offer -> sign the first option -> Shopify applies the changeset -> report `applied`.
import type { PostPurchaseBackend } from './backend.js';
import type { ShopifyPurchase } from './shopify-host.js';

interface OfferAnswer {
  offer: {
    funnelId: string;
    firstStepId: string;
    steps: Record<string, { options: Array<{ id: string; variants: Array<{ id: number }> }> }>;
  } | null;
}

export async function acceptFirstStep(
  backend: PostPurchaseBackend,
  purchase: ShopifyPurchase,
): Promise<{ funnelId: string; stepId: string }> {
  const token = purchase.inputData.token;
  const { offer } = (await (await backend.post('offer', purchase.offerRequest(), token)).json()) as OfferAnswer;
  if (!offer) throw new Error('the purchase got no offer');
  const option = offer.steps[offer.firstStepId]?.options[0];
  const variant = option?.variants[0];
  if (!option || !variant) throw new Error('the first step offers nothing');
  const base = { referenceId: purchase.referenceId, shopDomain: backend.shop.domain };
  const signed = await backend.post(
    'sign',
    { ...base, stepId: offer.firstStepId, optionId: option.id, variantId: variant.id, quantity: 1 },
    token,
  );
  if (signed.status !== 200) throw new Error(`sign answered ${signed.status}: ${await signed.text()}`);
  const { token: changeset } = (await signed.json()) as { token: string };
  const applied = await purchase.applyChangeset(changeset);
  if (applied.status !== 'processed') throw new Error(`Shopify did not apply the changeset: ${JSON.stringify(applied)}`);
  const events = [{ type: 'applied', stepId: offer.firstStepId, status: 'processed', errorCodes: [] }];
  const reported = await backend.post('events', { ...base, events }, token);
  if (reported.status !== 200) throw new Error(`events answered ${reported.status}: ${await reported.text()}`);
  return { funnelId: offer.funnelId, stepId: offer.firstStepId };
}
