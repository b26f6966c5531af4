import type {
  SellingPlanGroupRemoveProductVariantsMutation as SellingPlanGroupRemoveProductVariantsData,
  SellingPlanGroupRemoveProductVariantsMutationVariables as SellingPlanGroupRemoveProductVariantsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';

export type { SellingPlanGroupRemoveProductVariantsData, SellingPlanGroupRemoveProductVariantsVariables };

/** Stops offering the group on some single variants. */
export const SellingPlanGroupRemoveProductVariantsMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupRemoveProductVariants($id: ID!, $productVariantIds: [ID!]!) {
    sellingPlanGroupRemoveProductVariants(id: $id, productVariantIds: $productVariantIds) {
      removedProductVariantIds
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SellingPlanGroupUserErrorFieldsFragment],
);
