import type {
  SellingPlanGroupPlansQuery as SellingPlanGroupPlansData,
  SellingPlanGroupPlansQueryVariables as SellingPlanGroupPlansVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';
import { SellingPlanFieldsFragment } from './SellingPlanFieldsFragment.js';

export type { SellingPlanGroupPlansData, SellingPlanGroupPlansVariables };

// A group holds at most 31 plans today; Shopify asks apps to paginate anyway (changelog: selling plan group limit
// increase, 2023-01), so the loader follows pageInfo. `productVariantsCount` counts the variants attached to the
// group one by one (the group then applies to those variants only).
export const SellingPlanGroupPlansQuery = defineOperation(
  `#graphql
  query SellingPlanGroupPlans($id: ID!, $first: Int!, $after: String) {
    sellingPlanGroup(id: $id) {
      id
      name
      productVariantsCount { count }
      sellingPlans(first: $first, after: $after) {
        nodes { ...SellingPlanFields }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [SellingPlanFieldsFragment, PageInfoFieldsFragment],
);
