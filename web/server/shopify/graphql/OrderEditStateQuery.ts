import type { OrderEditStateQuery as OrderEditStateData, OrderEditStateQueryVariables } from './generated/admin.generated.js';
import { OrderEditStateFieldsFragment } from './OrderEditStateFieldsFragment.js';
import { defineOperation } from './operation.js';

export type { OrderEditStateData };
export type OrderEditStateVariables = OrderEditStateQueryVariables;

/** The order as an order edit sees it, outside an edit: why it cannot be edited, the balance, holds, lines. */
export const OrderEditStateQuery = defineOperation(
  `#graphql
  query OrderEditState($id: ID!) {
    order(id: $id) { ...OrderEditStateFields }
  }
`,
  [OrderEditStateFieldsFragment],
);
