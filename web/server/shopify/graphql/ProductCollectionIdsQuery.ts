import type {
  ProductCollectionIdsQuery as ProductCollectionIdsData,
  ProductCollectionIdsQueryVariables as ProductCollectionIdsVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

export type { ProductCollectionIdsData, ProductCollectionIdsVariables };

/** The rest of a product's collections, when CatalogProducts' first page of them was not all. */
export const ProductCollectionIdsQuery = defineOperation(
  `#graphql
  query ProductCollectionIds($id: ID!, $first: Int!, $after: String!) {
    product(id: $id) {
      collections(first: $first, after: $after) {
        nodes { id }
        pageInfo { ...PageInfoFields }
      }
    }
  }
`,
  [PageInfoFieldsFragment],
);
