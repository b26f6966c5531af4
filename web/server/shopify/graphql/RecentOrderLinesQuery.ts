import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export interface SoldLineNode {
  /** Units still on the order: refunded and removed units excluded. */
  currentQuantity: number;
  /** Null when the product was deleted since. */
  product: { id: string } | null;
}

export interface RecentOrderNode {
  id: string;
  cancelledAt: string | null;
  lineItems: { nodes: SoldLineNode[]; pageInfo: CatalogPageInfo };
}

export interface RecentOrderLinesData {
  orders: { nodes: RecentOrderNode[]; pageInfo: CatalogPageInfo };
}

export interface RecentOrderLinesVariables {
  first: number;
  after?: string | null;
  /** e.g. `created_at:>='2026-10-24T12:00:00Z' test:false` */
  query: string;
  linesFirst: number;
}

/** Units sold per product over the recent-sales window ("slow movers" ranks stock against it). */
export const RecentOrderLinesQuery = defineOperation<RecentOrderLinesData, RecentOrderLinesVariables>(`#graphql
  query RecentOrderLines($first: Int!, $after: String, $query: String!, $linesFirst: Int!) {
    orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
      nodes {
        id
        cancelledAt
        lineItems(first: $linesFirst) {
          nodes { currentQuantity product { id } }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
