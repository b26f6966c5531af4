import type {
  SellingPlanGroupAddProductsMutation as SellingPlanGroupAddProductsData,
  SellingPlanGroupAddProductsMutationVariables as SellingPlanGroupAddProductsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';
import { SubscriptionPlanGroupFieldsFragment } from './SubscriptionPlanGroupFieldsFragment.js';

export type { SellingPlanGroupAddProductsData, SellingPlanGroupAddProductsVariables };

/** Offers the group on more products. */
export const SellingPlanGroupAddProductsMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupAddProducts($id: ID!, $productIds: [ID!]!) {
    sellingPlanGroupAddProducts(id: $id, productIds: $productIds) {
      sellingPlanGroup { ...SubscriptionPlanGroupFields }
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SubscriptionPlanGroupFieldsFragment, SellingPlanGroupUserErrorFieldsFragment],
);
