// Pure: what a contract line costs on a plan, from the variant's price and the plan's pricing policy. Used when a
// subscriber changes frequency to a plan of the group with another discount (10% vs 15%): the line is re-priced in
// the same draft that changes the frequency. Amounts in minor units of the contract's currency.
//
// Shopify's SellingPlanFixedPricingPolicy adjusts the variant's price by a PERCENTAGE, a FIXED_AMOUNT off, or to a
// PRICE (SellingPlanPricingPolicyAdjustmentType, 2026-07 schema); a prepaid plan (billing every N deliveries) charges
// the N deliveries at once, so its line price is N times the per-delivery price.

export type PlanAdjustment =
  | { type: 'percentage'; percent: number }
  | { type: 'fixed_amount'; amountMinor: number }
  | { type: 'price'; priceMinor: number }
  | null;

export interface PlanPricing {
  adjustment: PlanAdjustment;
  /** Deliveries paid per billing (1 unless prepaid). */
  prepaidDeliveries: number;
}

export interface LinePrice {
  /** The line's new currentPrice (per unit, per billing). */
  currentPriceMinor: number;
  /** The price before the plan's adjustment (per unit, per billing): the pricing policy's basePrice. */
  basePriceMinor: number;
  /** The pricing policy's cycle discount from the first cycle on; null when the plan has no adjustment. */
  cycleDiscount: { adjustmentType: 'PERCENTAGE' | 'FIXED_AMOUNT' | 'PRICE'; percentage?: number; fixedMinor?: number } | null;
}

/** The per-delivery price after the plan's adjustment; never below zero; percentages rounded half up to a cent. */
export function adjustedPrice(unitMinor: number, adjustment: PlanAdjustment): number {
  if (!adjustment) return unitMinor;
  if (adjustment.type === 'percentage') return Math.max(0, Math.round((unitMinor * (100 - adjustment.percent)) / 100));
  if (adjustment.type === 'fixed_amount') return Math.max(0, unitMinor - adjustment.amountMinor);
  return Math.max(0, adjustment.priceMinor);
}

/** The line's price on a plan, from the variant's (undiscounted) per-delivery price. */
export function linePriceOnPlan(variantPriceMinor: number, plan: PlanPricing): LinePrice {
  const deliveries = Math.max(1, Math.trunc(plan.prepaidDeliveries));
  const { adjustment } = plan;
  const cycleDiscount: LinePrice['cycleDiscount'] = !adjustment
    ? null
    : adjustment.type === 'percentage'
      ? { adjustmentType: 'PERCENTAGE', percentage: adjustment.percent }
      : adjustment.type === 'fixed_amount'
        ? { adjustmentType: 'FIXED_AMOUNT', fixedMinor: adjustment.amountMinor }
        : { adjustmentType: 'PRICE', fixedMinor: adjustment.priceMinor };
  return {
    currentPriceMinor: adjustedPrice(variantPriceMinor, adjustment) * deliveries,
    basePriceMinor: variantPriceMinor * deliveries,
    cycleDiscount,
  };
}

/**
 * The undiscounted per-delivery price behind a line's current price on its plan (when neither a pricing policy nor
 * the variant's price in the contract's currency is at hand); null when it cannot be known (a PRICE adjustment or a
 * 100% discount loses it).
 */
export function undiscountedPrice(currentPriceMinor: number, plan: PlanPricing): number | null {
  const perDelivery = currentPriceMinor / Math.max(1, Math.trunc(plan.prepaidDeliveries));
  const { adjustment } = plan;
  if (!adjustment) return Math.round(perDelivery);
  if (adjustment.type === 'percentage')
    return adjustment.percent >= 100 ? null : Math.round((perDelivery * 100) / (100 - adjustment.percent));
  if (adjustment.type === 'fixed_amount') return Math.round(perDelivery + adjustment.amountMinor);
  return null;
}
