import type {
  SubscriptionVariantPriceQuery as SubscriptionVariantPriceData,
  SubscriptionVariantPriceQueryVariables as SubscriptionVariantPriceVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { SubscriptionVariantPriceData, SubscriptionVariantPriceVariables };

/** A variant's price (shop currency), to re-price a subscription line when its plan changes. */
export const SubscriptionVariantPriceQuery = defineOperation(`#graphql
  query SubscriptionVariantPrice($id: ID!) {
    productVariant(id: $id) { id price }
  }
`);
