import type {
  SellingPlanGroupRemoveProductsMutation as SellingPlanGroupRemoveProductsData,
  SellingPlanGroupRemoveProductsMutationVariables as SellingPlanGroupRemoveProductsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';

export type { SellingPlanGroupRemoveProductsData, SellingPlanGroupRemoveProductsVariables };

/** Stops offering the group on some products (contracts already sold keep running). */
export const SellingPlanGroupRemoveProductsMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupRemoveProducts($id: ID!, $productIds: [ID!]!) {
    sellingPlanGroupRemoveProducts(id: $id, productIds: $productIds) {
      removedProductIds
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SellingPlanGroupUserErrorFieldsFragment],
);
