import type {
  SubscriptionDraftLineUpdateMutation as SubscriptionDraftLineUpdateData,
  SubscriptionDraftLineUpdateMutationVariables as SubscriptionDraftLineUpdateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionDraftLineUpdateData, SubscriptionDraftLineUpdateVariables };

/** Changes one line of a draft (here: its selling plan, plan name, price and pricing policy after a frequency change). */
export const SubscriptionDraftLineUpdateMutation = defineOperation(
  `#graphql
  mutation SubscriptionDraftLineUpdate($draftId: ID!, $lineId: ID!, $input: SubscriptionLineUpdateInput!) {
    subscriptionDraftLineUpdate(draftId: $draftId, lineId: $lineId, input: $input) {
      lineUpdated { id sellingPlanId sellingPlanName currentPrice { amount } }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionDraftUserErrorFieldsFragment],
);
