import type {
  SellingPlanGroupVariantIdsQuery as SellingPlanGroupVariantIdsData,
  SellingPlanGroupVariantIdsQueryVariables as SellingPlanGroupVariantIdsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

export type { SellingPlanGroupVariantIdsData, SellingPlanGroupVariantIdsVariables };

/** Variants attached to a group one by one (only they get its plans, unless their product is attached too). */
export const SellingPlanGroupVariantIdsQuery = defineOperation(
  `#graphql
  query SellingPlanGroupVariantIds($id: ID!, $first: Int!, $after: String) {
    sellingPlanGroup(id: $id) {
      productVariants(first: $first, after: $after) {
        nodes { id product { id } }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [PageInfoFieldsFragment],
);
