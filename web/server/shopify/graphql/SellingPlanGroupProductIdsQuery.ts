import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export interface SellingPlanGroupProductIdsData {
  sellingPlanGroup: { products: { nodes: { id: string }[]; pageInfo: CatalogPageInfo } } | null;
}

export interface SellingPlanGroupProductIdsVariables {
  id: string;
  first: number;
  after?: string | null;
}

/** Products attached to a group as a whole (every variant gets its plans). */
export const SellingPlanGroupProductIdsQuery = defineOperation<SellingPlanGroupProductIdsData, SellingPlanGroupProductIdsVariables>(`#graphql
  query SellingPlanGroupProductIds($id: ID!, $first: Int!, $after: String) {
    sellingPlanGroup(id: $id) {
      products(first: $first, after: $after) {
        nodes { id }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
