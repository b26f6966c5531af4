import type { CheckoutShopIdQuery as CheckoutShopIdData } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { CheckoutShopIdData };

/** The shop's GID: the owner of the `$app:checkout_offers` metafield. */
export const CheckoutShopIdQuery = defineOperation(`#graphql
  query CheckoutShopId {
    shop { id }
  }
`);
