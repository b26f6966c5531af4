import type {
  CheckoutOffersMetafieldSetMutation as CheckoutOffersMetafieldSetData,
  CheckoutOffersMetafieldSetMutationVariables as CheckoutOffersMetafieldSetVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { CheckoutOffersMetafieldSetData, CheckoutOffersMetafieldSetVariables };

/** Writes the checkout add-on contract into the app-owned shop metafield (`$app:checkout_offers`, type json). */
export const CheckoutOffersMetafieldSetMutation = defineOperation(`#graphql
  mutation CheckoutOffersMetafieldSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key updatedAt }
      userErrors { field message code elementIndex }
    }
  }
`);
