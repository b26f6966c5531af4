import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export type SellingPlanIntervalValue = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export type SellingPlanPolicyNode =
  | { __typename: 'SellingPlanRecurringBillingPolicy' | 'SellingPlanRecurringDeliveryPolicy'; interval: SellingPlanIntervalValue; intervalCount: number }
  | { __typename: 'SellingPlanFixedBillingPolicy' | 'SellingPlanFixedDeliveryPolicy' };

export type SellingPlanAdjustmentValueNode =
  | { __typename: 'SellingPlanPricingPolicyPercentageValue'; percentage: number }
  | { __typename: 'MoneyV2'; amount: string; currencyCode: string };

export type SellingPlanPricingPolicyNode =
  | {
      __typename: 'SellingPlanFixedPricingPolicy';
      adjustmentType: 'PERCENTAGE' | 'FIXED_AMOUNT' | 'PRICE';
      adjustmentValue: SellingPlanAdjustmentValueNode;
    }
  | {
      __typename: 'SellingPlanRecurringPricingPolicy';
      adjustmentType: 'PERCENTAGE' | 'FIXED_AMOUNT' | 'PRICE';
      adjustmentValue: SellingPlanAdjustmentValueNode;
      afterCycle: number | null;
    };

export interface SellingPlanNode {
  id: string;
  name: string;
  position: number | null;
  category: 'SUBSCRIPTION' | 'PRE_ORDER' | 'TRY_BEFORE_YOU_BUY' | 'OTHER' | null;
  billingPolicy: SellingPlanPolicyNode;
  deliveryPolicy: SellingPlanPolicyNode;
  pricingPolicies: SellingPlanPricingPolicyNode[];
}

export interface SellingPlanGroupPlansData {
  sellingPlanGroup: {
    id: string;
    name: string;
    /** Variants attached to the group one by one (the group then applies to those variants only). */
    productVariantsCount: { count: number } | null;
    sellingPlans: { nodes: SellingPlanNode[]; pageInfo: CatalogPageInfo };
  } | null;
}

export interface SellingPlanGroupPlansVariables {
  id: string;
  first: number;
  after?: string | null;
}

// A group holds at most 31 plans today; Shopify asks apps to paginate anyway (changelog: selling plan group limit
// increase, 2023-01), so the loader follows pageInfo.
export const SellingPlanGroupPlansQuery = defineOperation<SellingPlanGroupPlansData, SellingPlanGroupPlansVariables>(`#graphql
  query SellingPlanGroupPlans($id: ID!, $first: Int!, $after: String) {
    sellingPlanGroup(id: $id) {
      id
      name
      productVariantsCount { count }
      sellingPlans(first: $first, after: $after) {
        nodes {
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
              adjustmentValue {
                __typename
                ... on SellingPlanPricingPolicyPercentageValue { percentage }
                ... on MoneyV2 { amount currencyCode }
              }
            }
            ... on SellingPlanRecurringPricingPolicy {
              afterCycle
              adjustmentType
              adjustmentValue {
                __typename
                ... on SellingPlanPricingPolicyPercentageValue { percentage }
                ... on MoneyV2 { amount currencyCode }
              }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
