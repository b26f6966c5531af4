import type {
  OrderLookupQuery as OrderLookupData,
  OrderLookupQueryVariables as OrderLookupVariables,
} from './generated/admin.generated.js';
import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineOperation } from './operation.js';

export type { OrderLookupData, OrderLookupVariables };

/**
 * The admin's order search: orders matching a search query (`name:#1001`, `email:…`; the 2026-07 `orders` field's
 * documented filters), newest first, with the checkout token the checkout and post-purchase events are recorded
 * under. Ten at most: a merchant looks for one order.
 */
export const OrderLookupQuery = defineOperation(
  `#graphql
  query OrderLookup($query: String!) {
    orders(first: 10, query: $query, sortKey: PROCESSED_AT, reverse: true) {
      nodes {
        id
        name
        createdAt
        checkoutToken
        displayFinancialStatus
        totalPriceSet { shopMoney { ...MoneyFields } }
      }
    }
  }
`,
  [MoneyFieldsFragment],
);
