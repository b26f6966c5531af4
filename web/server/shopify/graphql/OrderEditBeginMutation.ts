import type { OrderEditBeginMutation as OrderEditBeginData, OrderEditBeginMutationVariables } from './generated/admin.generated.js';
import { OrderEditStateFieldsFragment } from './OrderEditStateFieldsFragment.js';
import { defineOperation } from './operation.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { OrderEditBeginData };
export type OrderEditBeginVariables = OrderEditBeginMutationVariables;

/**
 * Opens an edit session (a CalculatedOrder). The original order comes back in the same call, so re-checking that it
 * is still editable, and finding a line an interrupted attempt already committed, costs no extra query. The
 * calculated lines are what a removal sets to 0 (a CalculatedLineItem has no link to its LineItem; see the
 * order-edit README for how the two are matched).
 */
export const OrderEditBeginMutation = defineOperation(
  `#graphql
  mutation OrderEditBegin($id: ID!) {
    orderEditBegin(id: $id) {
      calculatedOrder {
        id
        originalOrder { ...OrderEditStateFields }
        lineItems(first: 50) { nodes { id quantity editableQuantity variant { id } } }
      }
      userErrors { ...UserErrorFields }
    }
  }
`,
  [OrderEditStateFieldsFragment, UserErrorFieldsFragment],
);
