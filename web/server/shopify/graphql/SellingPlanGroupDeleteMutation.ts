import type {
  SellingPlanGroupDeleteMutation as SellingPlanGroupDeleteData,
  SellingPlanGroupDeleteMutationVariables as SellingPlanGroupDeleteVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';

export type { SellingPlanGroupDeleteData, SellingPlanGroupDeleteVariables };

/** Deletes a group. Shopify: "This does not affect subscription contracts" (Encore refuses it while they exist). */
export const SellingPlanGroupDeleteMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupDelete($id: ID!) {
    sellingPlanGroupDelete(id: $id) {
      deletedSellingPlanGroupId
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SellingPlanGroupUserErrorFieldsFragment],
);
