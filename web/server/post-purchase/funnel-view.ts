// The engine's Decision as the extension shows it: every ready step of the chosen funnel, with accept/decline
// already resolved past steps that had nothing to offer, options and variants with Shopify's numeric ids, and
// prices per allowed quantity from priceChange() - the same function the signer uses, so what the shopper sees
// is what gets signed.
import {
  type Decision,
  MAX_FUNNEL_LEVELS,
  MAX_POST_PURCHASE_ACCEPTS,
  minorToDecimal,
  type PresentedOption,
  type PresentedStep,
  type PresentedVariant,
  priceChange,
  toLegacyId,
} from '../offers/index.js';
import { explicitDiscount } from './changeset.js';
import type { FunnelView, Money, OptionView, StepView, SubscriptionShipping, VariantView } from './wire.js';

export interface ViewOptions {
  /** The shipping an add_subscription change carries, for plan options. */
  subscriptionShipping: SubscriptionShipping;
}

/** null when the decision made no offer (no funnel, holdout, nothing offerable). */
export function funnelView(referenceId: string, decision: Decision, options: ViewOptions): FunnelView | null {
  if (decision.outcome !== 'offer' || !decision.funnelId || !decision.step) return null;
  const steps: Record<string, StepView> = {};
  for (const [stepId, state] of Object.entries(decision.steps)) {
    if (state.status !== 'ready') continue;
    steps[stepId] = stepView(
      decision,
      state.step,
      {
        accept: firstReadyFrom(decision, state.accept),
        decline: firstReadyFrom(decision, state.decline),
      },
      options,
    );
  }
  return {
    version: 2,
    referenceId,
    funnelId: decision.funnelId,
    locale: decision.locale,
    currencyCode: decision.currency.presentment,
    firstStepId: decision.step.stepId,
    maxAccepts: MAX_POST_PURCHASE_ACCEPTS,
    steps,
  };
}

/** The step a pointer leads to, passing over skipped steps along their decline branch (as next() does). */
function firstReadyFrom(decision: Decision, stepId: string | null): string | null {
  let target = stepId;
  for (let hops = 0; target !== null && hops < MAX_FUNNEL_LEVELS; hops++) {
    const state = decision.steps[target];
    if (!state) return null;
    if (state.status === 'ready') return target;
    target = state.decline;
  }
  return null;
}

function stepView(
  decision: Decision,
  step: PresentedStep,
  links: { accept: string | null; decline: string | null },
  options: ViewOptions,
): StepView {
  const atStep: Decision = { ...decision, step };
  return {
    stepId: step.stepId,
    kind: step.kind,
    subscription: step.subscription,
    headline: step.content.headline,
    body: step.content.body,
    button: step.content.button,
    declineButton: step.content.declineButton,
    countdownSeconds: step.countdownSeconds,
    accept: links.accept,
    decline: links.decline,
    options: step.options.map((option) => optionView(atStep, step, option, options)),
  };
}

function optionView(atStep: Decision, step: PresentedStep, option: PresentedOption, options: ViewOptions): OptionView {
  const discount = option.discount && option.resolvedDiscount.presentment ? firstPricedDiscount(atStep, step, option) : null;
  return {
    id: option.id,
    label: option.label,
    productTitle: option.productTitle,
    imageUrl: option.imageUrl,
    plan: option.sellingPlan ? { id: toLegacyId(option.sellingPlan.id), name: option.sellingPlan.name } : null,
    quantity: { ...option.quantity },
    discountLabel: option.discountLabel,
    discount,
    subscriptionShipping: option.sellingPlan ? options.subscriptionShipping : null,
    variants: option.variants.map((variant) => variantView(atStep, step, option, variant)),
  };
}

function firstPricedDiscount(atStep: Decision, step: PresentedStep, option: PresentedOption) {
  const variant = option.variants[0];
  if (!variant) return null;
  const priced = priceChange(atStep, {
    stepId: step.stepId,
    optionId: option.id,
    variantId: variant.id,
    quantity: option.quantity.default,
  });
  return priced.ok ? explicitDiscount(priced.change) : null;
}

function variantView(atStep: Decision, step: PresentedStep, option: PresentedOption, variant: PresentedVariant): VariantView {
  const quote = variant.price.presentment;
  const currency = quote.currency;
  const money = (minor: number): Money => ({ amount: minorToDecimal(minor, currency), currencyCode: currency });
  const referenceUnit = Math.max(quote.originalUnitPriceMinor, quote.compareAtUnitPriceMinor ?? 0);
  const totals: VariantView['totals'] = [];
  for (let quantity = option.quantity.min; quantity <= option.quantity.max; quantity++) {
    const priced = priceChange(atStep, { stepId: step.stepId, optionId: option.id, variantId: variant.id, quantity });
    if (!priced.ok) continue; // more than this variant has in stock
    const total = priced.change.presentment.totalMinor;
    const reference = referenceUnit * quantity;
    totals.push({ quantity, total: money(total), compareAtTotal: reference > total ? money(reference) : null });
  }
  return {
    id: toLegacyId(variant.id),
    title: variant.title,
    imageUrl: variant.imageUrl,
    available: variant.available,
    unitPrice: money(quote.unitPriceMinor),
    totals,
  };
}
