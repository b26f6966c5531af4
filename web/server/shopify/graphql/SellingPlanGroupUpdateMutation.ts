import type {
  SellingPlanGroupUpdateMutation as SellingPlanGroupUpdateData,
  SellingPlanGroupUpdateMutationVariables as SellingPlanGroupUpdateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';
import { SubscriptionPlanGroupFieldsFragment } from './SubscriptionPlanGroupFieldsFragment.js';

export type { SellingPlanGroupUpdateData, SellingPlanGroupUpdateVariables };

/** Renames a group and creates, updates or deletes its plans. */
export const SellingPlanGroupUpdateMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupUpdate($id: ID!, $input: SellingPlanGroupInput!) {
    sellingPlanGroupUpdate(id: $id, input: $input) {
      sellingPlanGroup { ...SubscriptionPlanGroupFields }
      deletedSellingPlanIds
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SubscriptionPlanGroupFieldsFragment, SellingPlanGroupUserErrorFieldsFragment],
);
