import { defineOperation } from './operation.js';
import type { CatalogPageInfo, CatalogVariantNode } from './CatalogProductsQuery.js';

export interface ProductVariantsPageData {
  product: { variants: { nodes: CatalogVariantNode[]; pageInfo: CatalogPageInfo } } | null;
}

export interface ProductVariantsPageVariables {
  id: string;
  first: number;
  after: string;
}

/** The rest of a product's variants, when CatalogProducts' first page of them was not all. */
export const ProductVariantsPageQuery = defineOperation<ProductVariantsPageData, ProductVariantsPageVariables>(`#graphql
  query ProductVariantsPage($id: ID!, $first: Int!, $after: String!) {
    product(id: $id) {
      variants(first: $first, after: $after) {
        nodes {
          id
          title
          sku
          price
          compareAtPrice
          inventoryQuantity
          inventoryPolicy
          inventoryItem { tracked }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
