import type {
  FulfillmentOrderHoldMutation as FulfillmentOrderHoldData,
  FulfillmentOrderHoldMutationVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { FulfillmentOrderHoldData };
export type FulfillmentOrderHoldVariables = FulfillmentOrderHoldMutationVariables;

/**
 * Holds the added items until the balance is paid (reason AWAITING_PAYMENT). The hold's `handle` is unique per app
 * and fulfillment order (2026-07 description of `FulfillmentOrderHoldInput.handle`), so a retried hold is refused
 * with DUPLICATE_FULFILLMENT_HOLD_HANDLE instead of holding twice.
 */
export const FulfillmentOrderHoldMutation = defineOperation(`#graphql
  mutation FulfillmentOrderHold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id }
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`);
