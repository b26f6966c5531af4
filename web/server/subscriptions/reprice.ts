// The line updates a frequency change makes: each line sold on a plan of the group moves to the new plan (its id
// and name) and, when the new plan's pricing policy differs, to the new price (subscriptionDraftLineUpdate's
// `currentPrice` and `pricingPolicy`, SubscriptionLineUpdateInput in the 2026-07 schema). The undiscounted price is
// the variant's price when the contract is in the shop's currency, else the current price with the old plan's
// adjustment undone; when neither is known the price is kept and only the plan changes (logged). (The line's own
// `pricingPolicy.basePrice` is not read: adding it to every contract read raised each read's cost past what the
// renewal budget reserves.)
import type { AdminClient } from '../shopify/admin-client.js';
import type { SubscriptionLineUpdateInput } from '../shopify/graphql/generated/admin.types.js';
import { SubscriptionVariantPriceQuery } from '../shopify/graphql/SubscriptionVariantPriceQuery.js';
import { installedShop } from '../shops/index.js';
import type { StoredContractLine } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import type { StoredPlan } from './plans.js';
import { type LinePrice, linePriceOnPlan, type PlanPricing, undiscountedPrice } from './pricing.js';
import { formatMinor, toMinor } from './schedule.js';
import type { ContractRecord } from './scheduling.js';

/** The pricing policy of a stored plan, in the pure function's terms. */
export function pricingOf(plan: StoredPlan): PlanPricing {
  const discount = plan.discount;
  const adjustment: PlanPricing['adjustment'] = plan.price
    ? { type: 'price', priceMinor: toMinor(plan.price) }
    : !discount
      ? null
      : discount.type === 'percentage'
        ? { type: 'percentage', percent: discount.percent }
        : { type: 'fixed_amount', amountMinor: toMinor(discount.amount) };
  return { adjustment, prepaidDeliveries: plan.prepaidDeliveries };
}

function pricingPolicyInput(price: LinePrice): SubscriptionLineUpdateInput['pricingPolicy'] {
  const discount = price.cycleDiscount;
  if (!discount) return undefined;
  return {
    basePrice: formatMinor(price.basePriceMinor),
    cycleDiscounts: [
      {
        adjustmentType: discount.adjustmentType,
        adjustmentValue:
          discount.percentage !== undefined ? { percentage: discount.percentage } : { fixedValue: formatMinor(discount.fixedMinor ?? 0) },
        afterCycle: 0,
        computedPrice: formatMinor(price.currentPriceMinor),
      },
    ],
  };
}

async function variantPriceMinor(admin: AdminClient, variantId: string | null | undefined): Promise<number | null> {
  if (!variantId) return null;
  const data = await admin.request(SubscriptionVariantPriceQuery, { id: variantId });
  return data.productVariant ? toMinor(String(data.productVariant.price)) : null;
}

export interface LineUpdate {
  lineId: string;
  input: SubscriptionLineUpdateInput;
}

export async function repricedLines(
  deps: SubscriptionDeps,
  admin: AdminClient,
  contract: ContractRecord,
  plan: StoredPlan,
  groupPlans: readonly StoredPlan[],
): Promise<LineUpdate[]> {
  const lines = contract.lines as unknown as StoredContractLine[];
  const shopCurrency = (await installedShop(deps.db, { id: contract.shopId }))?.currencyCode ?? null;
  const updates: LineUpdate[] = [];
  for (const line of lines) {
    const oldPlan = groupPlans.find((p) => p.id === line.sellingPlanId);
    if (!oldPlan) continue; // a line sold on another group's plan (or none) keeps its plan
    const oldPricing = pricingOf(oldPlan);
    const base =
      contract.currencyCode === shopCurrency
        ? await variantPriceMinor(admin, line.variantId)
        : undiscountedPrice(toMinor(line.currentPrice.amount), oldPricing);
    const input: SubscriptionLineUpdateInput = { sellingPlanId: plan.id, sellingPlanName: plan.name };
    if (base === null) {
      deps.logger.warn({ contractId: contract.shopifyId, lineId: line.id }, 'no undiscounted price for the line; price kept, plan changed');
    } else {
      const price = linePriceOnPlan(base, pricingOf(plan));
      input.currentPrice = formatMinor(price.currentPriceMinor);
      const policy = pricingPolicyInput(price);
      if (policy) input.pricingPolicy = policy;
    }
    updates.push({ lineId: line.id, input });
  }
  return updates;
}
