// purchase.checkout.block.render: one-click add-on offers from the app-owned metafield `$app:checkout_offers`.
// Everything needed for the first paint is already in the checkout (metafield, lines, subtotal): no network call.
import '@preact/signals';
import type { AppMetafieldEntry } from '@shopify/ui-extensions/checkout';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { backendUrl } from './backend-url.js';
import { checkoutEvent, postCheckoutEvents } from './events.js';
import { fill, messagesFor } from './messages.js';
import {
  CHECKOUT_OFFERS_METAFIELD,
  type CheckoutEvent,
  type CheckoutOffer,
  type CheckoutOffersContract,
  localize,
  parseCheckoutOffers,
  selectOffers,
} from './offers-contract.js';
import { settle } from './settle.js';

export default async function extension(): Promise<void> {
  render(<AddOnBlock />, document.body);
}

type Notice = { offerId: string; tone: 'success' | 'warning' | 'critical'; text: string };

function AddOnBlock() {
  const metafields = shopify.appMetafields.value;
  const contract = useMemo(() => readContract(metafields), [metafields]);
  const lines = shopify.lines.value;
  const subtotal = shopify.cost.subtotalAmount.value;
  const instructions = shopify.instructions.value;
  // No language reported: the texts fall back to the shop's default language.
  const language = shopify.localization.language.value?.isoCode ?? '';

  const [busyOfferId, setBusyOfferId] = useState<string | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const reported = useRef(new Set<string>());

  const canAdd = instructions.lines.canAddCartLine;
  // Without a usable code the buyer would pay the regular price, so that is the price to show.
  const codesUsable = instructions.discounts.canUpdateDiscountCodes;
  const selected = useMemo(
    () =>
      contract && canAdd
        ? selectOffers(contract, {
            lines: lines.map((line) => ({ merchandiseId: line.merchandise.id, productId: line.merchandise.product.id })),
            subtotal,
          })
        : [],
    [contract, canAdd, lines, subtotal],
  );

  useEffect(() => {
    const fresh = selected.filter(({ offer }) => !reported.current.has(offer.id));
    if (fresh.length === 0) return;
    for (const { offer } of fresh) reported.current.add(offer.id);
    report(fresh.map(({ offer }) => checkoutEvent('shown', eventFields(offer))));
  }, [selected]);

  if (!contract || (selected.length === 0 && notices.length === 0)) return null;

  const t = messagesFor(language, contract.defaultLanguage);
  const text = (value: Parameters<typeof localize>[0]) => localize(value, language, contract.defaultLanguage);
  const money = (amount: number) => shopify.i18n.formatCurrency(amount);

  async function accept(offer: CheckoutOffer, title: string) {
    setBusyOfferId(offer.id);
    setNotices((current) => current.filter((notice) => notice.offerId !== offer.id));
    const notice = await addToCart(offer, title, t);
    setBusyOfferId(null);
    setNotices((current) => [...current, notice]);
  }

  return (
    <s-stack gap="base">
      {selected.length > 0 && <s-heading>{t.heading}</s-heading>}
      {selected.map(({ offer, price }) => {
        const title = text(offer.title);
        const description = text(offer.description);
        const discounted = codesUsable || !offer.discountCode;
        const amount = discounted ? price.amount : (price.compareAtAmount ?? price.amount);
        const compareAt =
          discounted && price.compareAtAmount !== undefined && price.compareAtAmount > amount ? price.compareAtAmount : undefined;
        return (
          <s-stack key={offer.id} direction="inline" gap="base" alignItems="center" justifyContent="space-between">
            <s-stack direction="inline" gap="base" alignItems="center">
              {offer.image && <s-product-thumbnail src={offer.image.url} alt={text(offer.image.alt) || title} />}
              <s-stack gap="none">
                <s-text type="strong">{title}</s-text>
                {description && <s-text color="subdued">{description}</s-text>}
                <s-text>
                  {money(amount)}
                  {compareAt !== undefined && (
                    <>
                      {' '}
                      <s-text type="redundant">{money(compareAt)}</s-text>
                    </>
                  )}
                </s-text>
              </s-stack>
            </s-stack>
            <s-button
              variant="secondary"
              loading={busyOfferId === offer.id}
              disabled={busyOfferId !== null}
              accessibilityLabel={fill(t.addLabel, { item: title, price: money(amount) })}
              onClick={() => accept(offer, title)}
            >
              {t.add}
            </s-button>
          </s-stack>
        );
      })}
      {notices.map((notice) =>
        notice.tone === 'success' ? (
          // A live region, so screen readers announce what happened after the button went away.
          <s-stack key={notice.offerId} accessibilityRole="status">
            <s-text tone="success">{notice.text}</s-text>
          </s-stack>
        ) : (
          <s-banner key={notice.offerId} tone={notice.tone}>
            {notice.text}
          </s-banner>
        ),
      )}
    </s-stack>
  );
}

/** Adds the offer's line, then its discount code; the outcome as a notice for the buyer. */
async function addToCart(offer: CheckoutOffer, title: string, t: ReturnType<typeof messagesFor>): Promise<Notice> {
  const failed = (text: string): Notice => ({ offerId: offer.id, tone: 'critical', text });
  // Instructions can change while the buyer looks at the block (e.g. a draft-order checkout).
  if (!shopify.instructions.value.lines.canAddCartLine) return failed(t.addFailed);
  const added = await settle(
    shopify.applyCartLinesChange({
      type: 'addCartLine',
      merchandiseId: offer.merchandiseId,
      quantity: offer.quantity,
      ...(offer.sellingPlanId ? { sellingPlanId: offer.sellingPlanId } : {}),
    }),
  );
  if (!added) return failed(t.addFailed);
  report([checkoutEvent('accepted', eventFields(offer))]);

  if (offer.discountCode && shopify.instructions.value.discounts.canUpdateDiscountCodes) {
    const discounted = await settle(shopify.applyDiscountCodeChange({ type: 'addDiscountCode', code: offer.discountCode }));
    if (!discounted) return { offerId: offer.id, tone: 'warning', text: fill(t.discountFailed, { item: title }) };
  }
  return { offerId: offer.id, tone: 'success', text: fill(t.added, { item: title }) };
}

function readContract(entries: AppMetafieldEntry[]): CheckoutOffersContract | null {
  const entry = entries.find(
    ({ metafield }) =>
      metafield.key === CHECKOUT_OFFERS_METAFIELD.key &&
      // The checkout may report the app namespace in its resolved form (app--<app id>).
      (metafield.namespace === CHECKOUT_OFFERS_METAFIELD.namespace || metafield.namespace.startsWith('app--')),
  );
  return entry ? parseCheckoutOffers(entry.metafield.value) : null;
}

function eventFields(offer: CheckoutOffer): Parameters<typeof checkoutEvent>[1] {
  const checkoutToken = shopify.checkoutToken.value;
  return {
    offerId: offer.id,
    variantId: offer.merchandiseId,
    quantity: offer.quantity,
    ...(offer.sellingPlanId ? { sellingPlanId: offer.sellingPlanId } : {}),
    ...(offer.discountCode ? { discountCode: offer.discountCode } : {}),
    ...(checkoutToken ? { checkoutToken } : {}),
  };
}

function report(events: CheckoutEvent[]) {
  void postCheckoutEvents(events, { backendUrl: backendUrl(), sessionToken: () => shopify.sessionToken.get() });
}
