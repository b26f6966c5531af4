import { defineOperation } from './operation.js';
import type { CheckoutShopIdQuery as CheckoutShopIdData } from './generated/admin.generated.js';

export type { CheckoutShopIdData };

/** The shop's GID: the owner of the `$app:checkout_offers` metafield. */
export const CheckoutShopIdQuery = defineOperation(`#graphql
  query CheckoutShopId {
    shop { id }
  }
`);
