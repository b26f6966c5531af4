import type { OrderReadyMarkMutation as OrderReadyMarkData, OrderReadyMarkMutationVariables } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { OrderReadyMarkData };
export type OrderReadyMarkVariables = OrderReadyMarkMutationVariables;

/**
 * Marks an order safe to fulfil once every offer window on it has closed: a tag (what Shopify Flow and most 3PL
 * connectors filter on) and a boolean metafield (for integrations that read metafields). Both are idempotent:
 * adding a tag the order has changes nothing, and metafieldsSet overwrites.
 */
export const OrderReadyMarkMutation = defineOperation(
  `#graphql
  mutation OrderReadyMark($id: ID!, $tags: [String!]!, $metafields: [MetafieldsSetInput!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors { ...UserErrorFields }
    }
    metafieldsSet(metafields: $metafields) {
      metafields { id }
      userErrors { field message code }
    }
  }
`,
  [UserErrorFieldsFragment],
);
