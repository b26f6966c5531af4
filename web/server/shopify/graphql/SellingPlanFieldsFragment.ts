import type { SellingPlanFieldsFragment as SellingPlanFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';
import { SellingPlanAdjustmentValueFieldsFragment } from './SellingPlanAdjustmentValueFieldsFragment.js';

/** A selling plan with what the engine prices and schedules by. */
export type SellingPlanNode = SellingPlanFieldsType;
/** A billing or a delivery policy: recurring ones carry their interval, fixed ones (pre-orders…) carry nothing here. */
export type SellingPlanPolicyNode = SellingPlanNode['billingPolicy'] | SellingPlanNode['deliveryPolicy'];
export type SellingPlanPricingPolicyNode = SellingPlanNode['pricingPolicies'][number];

export const SellingPlanFieldsFragment = defineFragment(
  `#graphql
  fragment SellingPlanFields on SellingPlan {
    id
    name
    position
    category
    billingPolicy {
      __typename
      ... on SellingPlanRecurringBillingPolicy { interval intervalCount }
    }
    deliveryPolicy {
      __typename
      ... on SellingPlanRecurringDeliveryPolicy { interval intervalCount }
    }
    pricingPolicies {
      __typename
      ... on SellingPlanFixedPricingPolicy {
        adjustmentType
        adjustmentValue { ...SellingPlanAdjustmentValueFields }
      }
      ... on SellingPlanRecurringPricingPolicy {
        afterCycle
        adjustmentType
        adjustmentValue { ...SellingPlanAdjustmentValueFields }
      }
    }
  }
`,
  [SellingPlanAdjustmentValueFieldsFragment],
);
