import type {
  SubscriptionContractAtomicCreateMutation as SubscriptionContractAtomicCreateData,
  SubscriptionContractAtomicCreateMutationVariables as SubscriptionContractAtomicCreateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';
import { SubscriptionDraftUserErrorFieldsFragment } from './SubscriptionDraftUserErrorFieldsFragment.js';

export type { SubscriptionContractAtomicCreateData, SubscriptionContractAtomicCreateVariables };

/** Creates a contract in one call (customer, payment method, policies, delivery, lines): contracts Encore sells itself. */
export const SubscriptionContractAtomicCreateMutation = defineOperation(
  `#graphql
  mutation SubscriptionContractAtomicCreate($input: SubscriptionContractAtomicCreateInput!) {
    subscriptionContractAtomicCreate(input: $input) {
      contract { ...SubscriptionContractFields }
      userErrors { ...SubscriptionDraftUserErrorFields }
    }
  }
`,
  [SubscriptionContractFieldsFragment, SubscriptionDraftUserErrorFieldsFragment],
);
