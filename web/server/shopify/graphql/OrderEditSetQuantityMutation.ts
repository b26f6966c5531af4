import type {
  OrderEditSetQuantityMutation as OrderEditSetQuantityData,
  OrderEditSetQuantityMutationVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { OrderEditSetQuantityData };
export type OrderEditSetQuantityVariables = OrderEditSetQuantityMutationVariables;

/** Removes unpaid added units at the window's end: quantity 0, back into stock. */
export const OrderEditSetQuantityMutation = defineOperation(
  `#graphql
  mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!) {
    orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: true) {
      calculatedLineItem { id quantity }
      userErrors { ...UserErrorFields }
    }
  }
`,
  [UserErrorFieldsFragment],
);
