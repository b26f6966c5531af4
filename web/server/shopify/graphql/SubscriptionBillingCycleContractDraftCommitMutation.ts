import type {
  SubscriptionBillingCycleContractDraftCommitMutation as SubscriptionBillingCycleContractDraftCommitData,
  SubscriptionBillingCycleContractDraftCommitMutationVariables as SubscriptionBillingCycleContractDraftCommitVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionBillingCycleContractDraftCommitData, SubscriptionBillingCycleContractDraftCommitVariables };

/** Commits a billing cycle draft: that cycle's contents change, the contract's do not. */
export const SubscriptionBillingCycleContractDraftCommitMutation = defineOperation(
  `#graphql
  mutation SubscriptionBillingCycleContractDraftCommit($draftId: ID!) {
    subscriptionBillingCycleContractDraftCommit(draftId: $draftId) {
      contract { lines(first: 50) { nodes { id variantId quantity } } }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionDraftUserErrorFieldsFragment],
);
