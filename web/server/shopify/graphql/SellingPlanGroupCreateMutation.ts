import type {
  SellingPlanGroupCreateMutation as SellingPlanGroupCreateData,
  SellingPlanGroupCreateMutationVariables as SellingPlanGroupCreateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SellingPlanGroupUserErrorFieldsFragment } from './SellingPlanGroupUserErrorFieldsFragment.js';
import { SubscriptionPlanGroupFieldsFragment } from './SubscriptionPlanGroupFieldsFragment.js';

export type { SellingPlanGroupCreateData, SellingPlanGroupCreateVariables };

/** Creates a "subscribe and save" selling plan group with its plans, attached to the given products and variants. */
export const SellingPlanGroupCreateMutation = defineOperation(
  `#graphql
  mutation SellingPlanGroupCreate($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
    sellingPlanGroupCreate(input: $input, resources: $resources) {
      sellingPlanGroup { ...SubscriptionPlanGroupFields }
      userErrors { ...SellingPlanGroupUserErrorFields }
    }
  }
`,
  [SubscriptionPlanGroupFieldsFragment, SellingPlanGroupUserErrorFieldsFragment],
);
