// purchase.checkout.cart-line-item.render-after: "Subscribe and save" under a one-time line whose variant has
// subscription plans, and "back to one-time" under a subscribed line.
import '@preact/signals';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { backendUrl } from './backend-url.js';
import { checkoutEvent, postCheckoutEvents } from './events.js';
import { fill, messagesFor } from './messages.js';
import { type CheckoutEvent, SUBSCRIPTION_UPGRADE_OFFER_ID } from './offers-contract.js';
import { loadSubscriptionChoice, type PlanOption, type SubscriptionChoice } from './selling-plans.js';
import { settle } from './settle.js';
import { storefrontLanguage } from './storefront-language.js';

export default async function extension(): Promise<void> {
  render(<CartLineUpgrade />, document.body);
}

type Loaded = { variantId: string; choice: SubscriptionChoice | null };

function CartLineUpgrade() {
  const line = shopify.target.value;
  const canUpdate = shopify.instructions.value.lines.canUpdateCartLine;
  // Typed as always there; a checkout that reports no language must still render (English texts, no @inContext).
  const language = shopify.localization.language.value?.isoCode ?? '';
  const country = shopify.localization.country.value?.isoCode;
  const variantId = line.merchandise.id;
  const t = messagesFor(language);

  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [selectedPlanId, setSelectedPlanId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const shownFor = useRef<string | null>(null);

  useEffect(() => {
    if (!canUpdate) return;
    let current = true;
    const storefront = storefrontLanguage(language);
    loadSubscriptionChoice(shopify.query, {
      variantId,
      ...(country ? { country } : {}),
      ...(storefront ? { language: storefront } : {}),
    }).then((choice) => current && setLoaded({ variantId, choice }));
    return () => {
      current = false;
    };
  }, [canUpdate, variantId, country, language]);

  const choice = loaded?.variantId === variantId ? loaded.choice : null;
  const subscribedPlanId = line.merchandise.sellingPlan?.id;
  const offerUpgrade = canUpdate && !subscribedPlanId && !!choice && choice.plans.length > 0;
  const offerOneTime = canUpdate && !!subscribedPlanId && !!choice && !choice.requiresSellingPlan;

  useEffect(() => {
    if (!offerUpgrade || shownFor.current === variantId) return;
    shownFor.current = variantId;
    report('shown', { variantId, quantity: line.quantity });
  }, [offerUpgrade, variantId]);

  if (!offerUpgrade && !offerOneTime) return null;

  const perDelivery = (plan: PlanOption) => shopify.i18n.formatCurrency(plan.perDeliveryAmount * line.quantity);
  const item = line.merchandise.title;

  async function changePlan(sellingPlanId: string | null) {
    setBusy(true);
    setError(false);
    // Line ids change as the cart changes: read the current one at click time.
    const ok = await settle(shopify.applyCartLinesChange({ type: 'updateCartLine', id: shopify.target.value.id, sellingPlanId }));
    setBusy(false);
    setError(!ok);
    if (!ok) return;
    if (sellingPlanId) report('accepted', { variantId, sellingPlanId, quantity: line.quantity });
    else report('declined', { variantId, ...(subscribedPlanId ? { sellingPlanId: subscribedPlanId } : {}) });
  }

  const errorBanner = error && <s-banner tone="critical">{t.updateFailed}</s-banner>;

  if (offerOneTime) {
    const planName = choice?.plans.find((plan) => plan.id === subscribedPlanId)?.name ?? '';
    return (
      <s-stack gap="small-200">
        {planName && <s-text color="subdued">{fill(t.subscribed, { plan: planName })}</s-text>}
        <s-button
          variant="secondary"
          loading={busy}
          disabled={busy}
          accessibilityLabel={fill(t.oneTimeLabel, { item })}
          onClick={() => changePlan(null)}
        >
          {t.oneTime}
        </s-button>
        {errorBanner}
      </s-stack>
    );
  }

  const plans = choice?.plans ?? [];
  const [best] = plans;
  if (!best) return null;
  const selected = plans.find((plan) => plan.id === selectedPlanId) ?? best;
  const planLabel = (plan: PlanOption) =>
    fill(t.planPrice, { plan: plan.name, price: perDelivery(plan) }) +
    (plan.savingsPercent > 0 ? ` (${fill(t.planSaving, { percent: plan.savingsPercent })})` : '');

  return (
    <s-stack gap="small-200">
      <s-text type="strong">
        {best.savingsPercent > 0 ? fill(t.saveHeadline, { percent: best.savingsPercent }) : t.subscribeHeadline}
      </s-text>
      {plans.length > 1 ? (
        <s-choice-list
          label={t.frequency}
          name="encore-selling-plan"
          values={[selected.id]}
          disabled={busy}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLElementTagNameMap['s-choice-list']).values?.[0];
            if (value) setSelectedPlanId(value);
          }}
        >
          {plans.map((plan) => (
            <s-choice key={plan.id} value={plan.id} selected={plan.id === selected.id}>
              {planLabel(plan)}
            </s-choice>
          ))}
        </s-choice-list>
      ) : (
        <s-text>{planLabel(selected)}</s-text>
      )}
      <s-button
        variant="secondary"
        loading={busy}
        disabled={busy}
        accessibilityLabel={fill(t.subscribeLabel, { item, plan: selected.name })}
        onClick={() => changePlan(selected.id)}
      >
        {t.subscribe}
      </s-button>
      {errorBanner}
    </s-stack>
  );
}

function report(kind: CheckoutEvent['kind'], fields: Omit<Parameters<typeof checkoutEvent>[1], 'offerId' | 'checkoutToken'>) {
  const checkoutToken = shopify.checkoutToken.value;
  const event = checkoutEvent(kind, { offerId: SUBSCRIPTION_UPGRADE_OFFER_ID, ...fields, ...(checkoutToken ? { checkoutToken } : {}) });
  void postCheckoutEvents([event], { backendUrl: backendUrl(), sessionToken: () => shopify.sessionToken.get() });
}
