import type {
  SubscriptionBillingCycleContractEditMutation as SubscriptionBillingCycleContractEditData,
  SubscriptionBillingCycleContractEditMutationVariables as SubscriptionBillingCycleContractEditVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionBillingCycleContractEditData, SubscriptionBillingCycleContractEditVariables };

/**
 * Opens a draft of ONE billing cycle of a contract ("Edit the contents of a subscription contract for the specified
 * billing cycle", 2026-07): lines added to it are billed and shipped with that cycle only.
 */
export const SubscriptionBillingCycleContractEditMutation = defineOperation(
  `#graphql
  mutation SubscriptionBillingCycleContractEdit($input: SubscriptionBillingCycleInput!) {
    subscriptionBillingCycleContractEdit(billingCycleInput: $input) {
      draft { id }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionDraftUserErrorFieldsFragment],
);
