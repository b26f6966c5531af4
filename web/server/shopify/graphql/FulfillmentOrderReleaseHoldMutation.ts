import type {
  FulfillmentOrderReleaseHoldMutation as FulfillmentOrderReleaseHoldData,
  FulfillmentOrderReleaseHoldMutationVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { FulfillmentOrderReleaseHoldData };
export type FulfillmentOrderReleaseHoldVariables = FulfillmentOrderReleaseHoldMutationVariables;

/**
 * Releases Encore's own holds, by id: without `holdIds` Shopify releases every hold on the fulfillment order, other
 * apps' included (2026-07 description of the `holdIds` argument).
 */
export const FulfillmentOrderReleaseHoldMutation = defineOperation(`#graphql
  mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]!) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id }
      userErrors { field message code }
    }
  }
`);
