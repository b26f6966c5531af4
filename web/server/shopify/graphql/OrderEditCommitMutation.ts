import type { OrderEditCommitMutation as OrderEditCommitData, OrderEditCommitMutationVariables } from './generated/admin.generated.js';
import { OrderEditStateFieldsFragment } from './OrderEditStateFieldsFragment.js';
import { defineOperation } from './operation.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { OrderEditCommitData };
export type OrderEditCommitVariables = OrderEditCommitMutationVariables;

/**
 * Applies the staged changes. The order comes back with its new balance, the payment page for it and the
 * fulfillment orders of the added items, so holding them and redirecting the shopper needs no further read.
 */
export const OrderEditCommitMutation = defineOperation(
  `#graphql
  mutation OrderEditCommit($id: ID!, $notifyCustomer: Boolean!, $staffNote: String!) {
    orderEditCommit(id: $id, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
      order { ...OrderEditStateFields }
      userErrors { ...UserErrorFields }
    }
  }
`,
  [OrderEditStateFieldsFragment, UserErrorFieldsFragment],
);
