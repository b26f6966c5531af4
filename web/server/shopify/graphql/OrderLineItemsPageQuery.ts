import type {
  OrderLineItemsPageQuery as OrderLineItemsPageData,
  OrderLineItemsPageQueryVariables as OrderLineItemsPageVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';
import { SoldLineFieldsFragment } from './SoldLineFieldsFragment.js';

export type { OrderLineItemsPageData, OrderLineItemsPageVariables };

/** The rest of a long order's lines, when RecentOrderLines' first page of them was not all. */
export const OrderLineItemsPageQuery = defineOperation(
  `#graphql
  query OrderLineItemsPage($id: ID!, $first: Int!, $after: String!) {
    order(id: $id) {
      lineItems(first: $first, after: $after) {
        nodes { ...SoldLineFields }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [SoldLineFieldsFragment, PageInfoFieldsFragment],
);
