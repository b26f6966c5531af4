import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';
import type { SoldLineNode } from './RecentOrderLinesQuery.js';

export interface OrderLineItemsPageData {
  order: { lineItems: { nodes: SoldLineNode[]; pageInfo: CatalogPageInfo } } | null;
}

export interface OrderLineItemsPageVariables {
  id: string;
  first: number;
  after: string;
}

/** The rest of a long order's lines, when RecentOrderLines' first page of them was not all. */
export const OrderLineItemsPageQuery = defineOperation<OrderLineItemsPageData, OrderLineItemsPageVariables>(`#graphql
  query OrderLineItemsPage($id: ID!, $first: Int!, $after: String!) {
    order(id: $id) {
      lineItems(first: $first, after: $after) {
        nodes { currentQuantity product { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
