import { defineOperation } from './operation.js';

export interface CheckoutShopIdData {
  shop: { id: string };
}

/** The shop's GID: the owner of the `$app:checkout_offers` metafield. */
export const CheckoutShopIdQuery = defineOperation<CheckoutShopIdData>(`#graphql
  query CheckoutShopId {
    shop { id }
  }
`);
