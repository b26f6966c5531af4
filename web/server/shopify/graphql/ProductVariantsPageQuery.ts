import { CatalogVariantFieldsFragment } from './CatalogVariantFieldsFragment.js';
import type {
  ProductVariantsPageQuery as ProductVariantsPageData,
  ProductVariantsPageQueryVariables as ProductVariantsPageVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

export type { ProductVariantsPageData, ProductVariantsPageVariables };

/** The rest of a product's variants, when CatalogProducts' first page of them was not all. */
export const ProductVariantsPageQuery = defineOperation(
  `#graphql
  query ProductVariantsPage($id: ID!, $first: Int!, $after: String!) {
    product(id: $id) {
      variants(first: $first, after: $after) {
        nodes { ...CatalogVariantFields }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [CatalogVariantFieldsFragment, PageInfoFieldsFragment],
);
