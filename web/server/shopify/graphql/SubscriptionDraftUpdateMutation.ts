import type {
  SubscriptionDraftUpdateMutation as SubscriptionDraftUpdateData,
  SubscriptionDraftUpdateMutationVariables as SubscriptionDraftUpdateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionDraftUpdateData, SubscriptionDraftUpdateVariables };

/** Changes a draft's terms (here: its billing and delivery frequency). */
export const SubscriptionDraftUpdateMutation = defineOperation(
  `#graphql
  mutation SubscriptionDraftUpdate($draftId: ID!, $input: SubscriptionDraftInput!) {
    subscriptionDraftUpdate(draftId: $draftId, input: $input) {
      draft { id }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionDraftUserErrorFieldsFragment],
);
