import { defineOperation, type UserError } from './operation.js';

export interface CheckoutOffersMetafieldSetVariables {
  metafields: Array<{ ownerId: string; namespace: string; key: string; type: string; value: string }>;
}

export interface CheckoutOffersMetafieldSetData {
  metafieldsSet: {
    metafields: Array<{ id: string; namespace: string; key: string; updatedAt: string }> | null;
    userErrors: Array<UserError & { elementIndex: number | null }>;
  } | null;
}

/** Writes the checkout add-on contract into the app-owned shop metafield (`$app:checkout_offers`, type json). */
export const CheckoutOffersMetafieldSetMutation = defineOperation<CheckoutOffersMetafieldSetData, CheckoutOffersMetafieldSetVariables>(`#graphql
  mutation CheckoutOffersMetafieldSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key updatedAt }
      userErrors { field message code elementIndex }
    }
  }
`);
