import type {
  SellingPlanGroupsPageQuery as SellingPlanGroupsPageData,
  SellingPlanGroupsPageQueryVariables as SellingPlanGroupsPageVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';
import { SellingPlanFieldsFragment } from './SellingPlanFieldsFragment.js';

export type { SellingPlanGroupsPageData, SellingPlanGroupsPageVariables };
export type SellingPlanGroupPageNode = SellingPlanGroupsPageData['sellingPlanGroups']['nodes'][number];

/**
 * One page of the app's selling plan groups ("selling plan groups that belong to the app making the API call",
 * 2026-07 schema), with their plans and their first products and variants, for the reconciliation to import the
 * groups Encore's store does not know. Small pages keep each query under the 1,000-point single-query limit.
 */
export const SellingPlanGroupsPageQuery = defineOperation(
  `#graphql
  query SellingPlanGroupsPage($after: String) {
    sellingPlanGroups(first: 4, after: $after, sortKey: ID) {
      nodes {
        id
        name
        merchantCode
        description
        sellingPlans(first: 31) { nodes { ...SellingPlanFields options } }
        products(first: 25) { nodes { id } }
        productVariants(first: 25) { nodes { id } }
      }
      pageInfo { ...PageInfoFields }
    }
  }
`,
  [SellingPlanFieldsFragment, PageInfoFieldsFragment],
);
