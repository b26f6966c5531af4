import type {
  SubscriptionContractPauseMutation as SubscriptionContractPauseData,
  SubscriptionContractPauseMutationVariables as SubscriptionContractPauseVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';
import { SubscriptionContractStatusUserErrorFieldsFragment } from './SubscriptionContractStatusUserErrorFieldsFragment.js';

export type { SubscriptionContractPauseData, SubscriptionContractPauseVariables };

/** subscriptionContractPause: the contract as it is afterwards, stored as read. */
export const SubscriptionContractPauseMutation = defineOperation(
  `#graphql
  mutation SubscriptionContractPause($id: ID!) {
    subscriptionContractPause(subscriptionContractId: $id) {
      contract { ...SubscriptionContractFields }
      userErrors { ...SubscriptionContractStatusUserErrorFields }
    }
  }
`,
  [SubscriptionContractFieldsFragment, SubscriptionContractStatusUserErrorFieldsFragment],
);
