import type {
  ProductSellingPlanGroupIdsQuery as ProductSellingPlanGroupIdsData,
  ProductSellingPlanGroupIdsQueryVariables as ProductSellingPlanGroupIdsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

export type { ProductSellingPlanGroupIdsData, ProductSellingPlanGroupIdsVariables };

/** The rest of a product's selling plan groups, when CatalogProducts' first page of them was not all. */
export const ProductSellingPlanGroupIdsQuery = defineOperation(
  `#graphql
  query ProductSellingPlanGroupIds($id: ID!, $first: Int!, $after: String!) {
    product(id: $id) {
      sellingPlanGroups(first: $first, after: $after) {
        nodes { id }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [PageInfoFieldsFragment],
);
