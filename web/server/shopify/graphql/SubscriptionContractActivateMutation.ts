import type {
  SubscriptionContractActivateMutation as SubscriptionContractActivateData,
  SubscriptionContractActivateMutationVariables as SubscriptionContractActivateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';
import { SubscriptionContractStatusUserErrorFieldsFragment } from './SubscriptionContractStatusUserErrorFieldsFragment.js';

export type { SubscriptionContractActivateData, SubscriptionContractActivateVariables };

/** subscriptionContractActivate: the contract as it is afterwards, stored as read. */
export const SubscriptionContractActivateMutation = defineOperation(
  `#graphql
  mutation SubscriptionContractActivate($id: ID!) {
    subscriptionContractActivate(subscriptionContractId: $id) {
      contract { ...SubscriptionContractFields }
      userErrors { ...SubscriptionContractStatusUserErrorFields }
    }
  }
`,
  [SubscriptionContractFieldsFragment, SubscriptionContractStatusUserErrorFieldsFragment],
);
