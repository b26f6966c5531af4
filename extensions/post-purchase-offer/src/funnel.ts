// Walking the funnel on the page, with the backend's rules: the next step after an answer (steps left without
// options are passed along their decline branch), no second subscription once one was accepted, and the end
// after Shopify's limit of accepted changes.
import type { ChangesetChange, Funnel, OptionView, StepView, VariantView } from './offer.js';

export interface Progress {
  accepted: number;
  subscriptionTaken: boolean;
  /** Shopify's `changesetApplicationsRemaining` after the last apply; null before any. */
  remaining: number | null;
}

export const START: Progress = { accepted: 0, subscriptionTaken: false, remaining: null };

/** A step's options as this purchase may still take them (subscriptions gone once one was accepted). */
export function visibleOptions(step: StepView, progress: Progress): OptionView[] {
  return progress.subscriptionTaken ? step.options.filter((option) => option.plan === null) : step.options;
}

/** The step to show from `stepId` on, or null to end. */
export function firstShowable(funnel: Funnel, stepId: string | null, progress: Progress): StepView | null {
  if (progress.accepted >= funnel.maxAccepts || progress.remaining === 0) return null;
  let target = stepId;
  for (let hops = 0; target !== null && hops < 8; hops++) {
    const step = funnel.steps[target];
    if (!step) return null;
    if (visibleOptions(step, progress).length > 0) return step;
    target = step.decline;
  }
  return null;
}

/** The step after answering `step`, or null when the funnel ends. */
export function nextStep(funnel: Funnel, step: StepView, accepted: boolean, progress: Progress): StepView | null {
  return firstShowable(funnel, accepted ? step.accept : step.decline, progress);
}

/** The line at `quantity`, or at the variant's first allowed quantity when it does not allow that one. */
export function lineAt(variant: VariantView, quantity: number): VariantView['totals'][number] {
  return variant.totals.find((entry) => entry.quantity === quantity) ?? variant.totals[0]!;
}

/** The quantities a variant can be bought in, smallest first. */
export function quantitiesOf(variant: VariantView): number[] {
  return variant.totals.map((entry) => entry.quantity);
}

/**
 * The change the backend will sign for this choice, unsigned, for Shopify's price summary (calculateChangeset).
 * Display only: the backend builds the signed one from its own records.
 */
export function unsignedChange(option: OptionView, variant: VariantView, quantity: number): ChangesetChange {
  const discount = option.discount ? { discount: option.discount } : {};
  if (option.plan && option.subscriptionShipping) {
    return {
      type: 'add_subscription',
      variantId: variant.id,
      sellingPlanId: option.plan.id,
      quantity,
      initialShippingPrice: option.subscriptionShipping.initialShippingPrice,
      recurringShippingPrice: option.subscriptionShipping.recurringShippingPrice,
      shippingOption: option.subscriptionShipping.shippingOption,
      ...discount,
    };
  }
  return { type: 'add_variant', variantId: variant.id, quantity, ...discount };
}
