import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export interface ProductSellingPlanGroupIdsData {
  product: { sellingPlanGroups: { nodes: { id: string }[]; pageInfo: CatalogPageInfo } } | null;
}

export interface ProductSellingPlanGroupIdsVariables {
  id: string;
  first: number;
  after: string;
}

/** The rest of a product's selling plan groups, when CatalogProducts' first page of them was not all. */
export const ProductSellingPlanGroupIdsQuery = defineOperation<ProductSellingPlanGroupIdsData, ProductSellingPlanGroupIdsVariables>(`#graphql
  query ProductSellingPlanGroupIds($id: ID!, $first: Int!, $after: String!) {
    product(id: $id) {
      sellingPlanGroups(first: $first, after: $after) {
        nodes { id }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
