import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineFragment } from './operation.js';

/** A pricing policy's adjustment: a percentage, or an amount (for FIXED_AMOUNT and PRICE adjustments). */
export const SellingPlanAdjustmentValueFieldsFragment = defineFragment(
  `#graphql
  fragment SellingPlanAdjustmentValueFields on SellingPlanPricingPolicyAdjustmentValue {
    __typename
    ... on SellingPlanPricingPolicyPercentageValue { percentage }
    ... on MoneyV2 { ...MoneyFields }
  }
`,
  [MoneyFieldsFragment],
);
