import type {
  OrderCheckoutTokenQuery as OrderCheckoutTokenData,
  OrderCheckoutTokenQueryVariables as OrderCheckoutTokenVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { OrderCheckoutTokenData, OrderCheckoutTokenVariables };

/**
 * The checkout an order came from: `Order.checkoutToken` ("The token associated with the checkout that was used to
 * create the order", 2026-07 schema). Checkout and post-purchase events are recorded under that token, so a refund
 * (which names only the order) finds them through it.
 */
export const OrderCheckoutTokenQuery = defineOperation(`#graphql
  query OrderCheckoutToken($id: ID!) {
    order(id: $id) { id checkoutToken }
  }
`);
