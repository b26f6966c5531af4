import type {
  SellingPlanGroupAddProductVariantsMutation as SellingPlanGroupAddProductVariantsData,
  SellingPlanGroupAddProductVariantsMutationVariables as SellingPlanGroupAddProductVariantsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';
import { SubscriptionPlanGroupFieldsFragment } from './SubscriptionPlanGroupFieldsFragment.js';

export type { SellingPlanGroupAddProductVariantsData, SellingPlanGroupAddProductVariantsVariables };

/** Offers the group on more single variants. */
export const SellingPlanGroupAddProductVariantsMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupAddProductVariants($id: ID!, $productVariantIds: [ID!]!) {
    sellingPlanGroupAddProductVariants(id: $id, productVariantIds: $productVariantIds) {
      sellingPlanGroup { ...SubscriptionPlanGroupFields }
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SubscriptionPlanGroupFieldsFragment, SellingPlanGroupUserErrorFieldsFragment],
);
