import type {
  SubscriptionContractCancelMutation as SubscriptionContractCancelData,
  SubscriptionContractCancelMutationVariables as SubscriptionContractCancelVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';
import { SubscriptionContractStatusUserErrorFieldsFragment } from './SubscriptionContractStatusUserErrorFieldsFragment.js';

export type { SubscriptionContractCancelData, SubscriptionContractCancelVariables };

/** subscriptionContractCancel: the contract as it is afterwards, stored as read. */
export const SubscriptionContractCancelMutation = defineOperation(
  `#graphql
  mutation SubscriptionContractCancel($id: ID!) {
    subscriptionContractCancel(subscriptionContractId: $id) {
      contract { ...SubscriptionContractFields }
      userErrors { ...SubscriptionContractStatusUserErrorFields }
    }
  }
`,
  [SubscriptionContractFieldsFragment, SubscriptionContractStatusUserErrorFieldsFragment],
);
