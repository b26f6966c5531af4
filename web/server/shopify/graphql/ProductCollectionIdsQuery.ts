import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export interface ProductCollectionIdsData {
  product: { collections: { nodes: { id: string }[]; pageInfo: CatalogPageInfo } } | null;
}

export interface ProductCollectionIdsVariables {
  id: string;
  first: number;
  after: string;
}

/** The rest of a product's collections, when CatalogProducts' first page of them was not all. */
export const ProductCollectionIdsQuery = defineOperation<ProductCollectionIdsData, ProductCollectionIdsVariables>(`#graphql
  query ProductCollectionIds($id: ID!, $first: Int!, $after: String!) {
    product(id: $id) {
      collections(first: $first, after: $after) {
        nodes { id }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
