import {
  STOREFRONT_API_VERSION,
  type VariantSellingPlansData,
  VariantSellingPlansQuery,
  type VariantSellingPlansVariables,
} from './graphql/VariantSellingPlansQuery.js';

export interface PlanOption {
  id: string;
  name: string;
  /** What one delivery of one unit costs on this plan (first pricing phase). */
  perDeliveryAmount: number;
  /** Whole percent saved against buying the same deliveries one-time; 0 when the plan is not cheaper. */
  savingsPercent: number;
}

export interface SubscriptionChoice {
  /** Subscription plans only (recurring deliveries), best saving first. */
  plans: PlanOption[];
  /** The variant cannot be bought one-time, so "back to one-time" must not be offered. */
  requiresSellingPlan: boolean;
}

export type StorefrontQuery = (
  query: string,
  options: { variables: VariantSellingPlansVariables; version: typeof STOREFRONT_API_VERSION },
) => Promise<{ data?: VariantSellingPlansData; errors?: unknown[] }>;

/**
 * The variant's subscription plans, or `null` when the Storefront API fails or answers nothing usable: the
 * caller then shows nothing, which is the safe choice in a checkout.
 *
 * When the answer has errors and a language was sent, it asks once more without one: a language the Storefront's
 * `LanguageCode` enum does not have is an error for the whole query, and plan names in the shop's default language
 * are better than no offer (see storefront-language.ts).
 */
export async function loadSubscriptionChoice(
  query: StorefrontQuery,
  variables: VariantSellingPlansVariables,
): Promise<SubscriptionChoice | null> {
  try {
    let result = await query(VariantSellingPlansQuery, { variables, version: STOREFRONT_API_VERSION });
    if (result.errors?.length && variables.language !== undefined) {
      const { language: _refused, ...withoutLanguage } = variables;
      result = await query(VariantSellingPlansQuery, { variables: withoutLanguage, version: STOREFRONT_API_VERSION });
    }
    if (result.errors?.length || !result.data?.node) return null;
    return toSubscriptionChoice(result.data.node);
  } catch {
    return null;
  }
}

export function toSubscriptionChoice(variant: NonNullable<VariantSellingPlansData['node']>): SubscriptionChoice | null {
  if (!variant.product || !variant.sellingPlanAllocations) return null;
  const plans: PlanOption[] = [];
  for (const { sellingPlan, priceAdjustments } of variant.sellingPlanAllocations.nodes) {
    const first = priceAdjustments[0];
    // Pre-orders and try-before-you-buy are selling plans too, but not subscriptions.
    if (!sellingPlan.recurringDeliveries || !first) continue;
    const price = Number(first.price.amount);
    const compareAt = Number(first.compareAtPrice.amount);
    plans.push({
      id: sellingPlan.id,
      name: sellingPlan.name,
      perDeliveryAmount: Number(first.perDeliveryPrice.amount),
      savingsPercent: compareAt > price ? Math.round(((compareAt - price) / compareAt) * 100) : 0,
    });
  }
  plans.sort((a, b) => b.savingsPercent - a.savingsPercent);
  return { plans, requiresSellingPlan: variant.product.requiresSellingPlan };
}
