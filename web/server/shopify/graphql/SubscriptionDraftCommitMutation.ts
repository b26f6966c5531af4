import type {
  SubscriptionDraftCommitMutation as SubscriptionDraftCommitData,
  SubscriptionDraftCommitMutationVariables as SubscriptionDraftCommitVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionDraftCommitData, SubscriptionDraftCommitVariables };

/** Applies a draft to its contract; returns the contract as it is now. */
export const SubscriptionDraftCommitMutation = defineOperation(
  `#graphql
  mutation SubscriptionDraftCommit($draftId: ID!) {
    subscriptionDraftCommit(draftId: $draftId) {
      contract { ...SubscriptionContractFields }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionContractFieldsFragment, SubscriptionDraftUserErrorFieldsFragment],
);
