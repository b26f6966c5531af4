import type {
  OrderEditAddLineItemDiscountMutation as OrderEditAddLineItemDiscountData,
  OrderEditAddLineItemDiscountMutationVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { StagedLineFieldsFragment } from './StagedLineFieldsFragment.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { OrderEditAddLineItemDiscountData };
export type OrderEditAddLineItemDiscountVariables = OrderEditAddLineItemDiscountMutationVariables;

/** The offer's discount on the staged line: `percentValue` (0-100) or a `fixedValue` off each unit. */
export const OrderEditAddLineItemDiscountMutation = defineOperation(
  `#graphql
  mutation OrderEditAddLineItemDiscount($id: ID!, $lineItemId: ID!, $discount: OrderEditAppliedDiscountInput!) {
    orderEditAddLineItemDiscount(id: $id, lineItemId: $lineItemId, discount: $discount) {
      calculatedLineItem { ...StagedLineFields }
      userErrors { ...UserErrorFields }
    }
  }
`,
  [StagedLineFieldsFragment, UserErrorFieldsFragment],
);
