import type {
  SellingPlanGroupProductIdsQuery as SellingPlanGroupProductIdsData,
  SellingPlanGroupProductIdsQueryVariables as SellingPlanGroupProductIdsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

export type { SellingPlanGroupProductIdsData, SellingPlanGroupProductIdsVariables };

/** Products attached to a group as a whole (every variant gets its plans). */
export const SellingPlanGroupProductIdsQuery = defineOperation(
  `#graphql
  query SellingPlanGroupProductIds($id: ID!, $first: Int!, $after: String) {
    sellingPlanGroup(id: $id) {
      products(first: $first, after: $after) {
        nodes { id }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [PageInfoFieldsFragment],
);
