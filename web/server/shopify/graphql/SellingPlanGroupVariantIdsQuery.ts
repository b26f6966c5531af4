import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export interface SellingPlanGroupVariantIdsData {
  sellingPlanGroup: {
    productVariants: { nodes: { id: string; product: { id: string } }[]; pageInfo: CatalogPageInfo };
  } | null;
}

export interface SellingPlanGroupVariantIdsVariables {
  id: string;
  first: number;
  after?: string | null;
}

/** Variants attached to a group one by one (only they get its plans, unless their product is attached too). */
export const SellingPlanGroupVariantIdsQuery = defineOperation<SellingPlanGroupVariantIdsData, SellingPlanGroupVariantIdsVariables>(`#graphql
  query SellingPlanGroupVariantIds($id: ID!, $first: Int!, $after: String) {
    sellingPlanGroup(id: $id) {
      productVariants(first: $first, after: $after) {
        nodes { id product { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
