import { defineOperation } from './operation.js';

export interface CatalogPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The variant fields the catalog keeps; ProductVariantsPageQuery selects exactly the same ones. */
export interface CatalogVariantNode {
  id: string;
  title: string;
  sku: string | null;
  /** Decimal string in the shop currency. */
  price: string;
  compareAtPrice: string | null;
  inventoryQuantity: number | null;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  inventoryItem: { tracked: boolean };
}

export interface CatalogProductNode {
  id: string;
  title: string;
  handle: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT' | 'UNLISTED';
  vendor: string;
  productType: string;
  tags: string[];
  createdAt: string;
  featuredMedia: { preview: { image: { url: string } | null } | null } | null;
  metafields: { nodes: { namespace: string; key: string; value: string }[] };
  collections: { nodes: { id: string }[]; pageInfo: CatalogPageInfo };
  sellingPlanGroups: { nodes: { id: string }[]; pageInfo: CatalogPageInfo };
  variants: { nodes: CatalogVariantNode[]; pageInfo: CatalogPageInfo };
}

export interface CatalogProductsData {
  products: { nodes: CatalogProductNode[]; pageInfo: CatalogPageInfo };
}

export interface CatalogProductsVariables {
  first: number;
  after?: string | null;
  query: string;
  /** "namespace.key" of the product metafields to keep (e.g. custom.expiry_date). */
  metafieldKeys: string[];
  metafieldsFirst: number;
  variantsFirst: number;
  collectionsFirst: number;
  sellingPlanGroupsFirst: number;
}

// Nested page sizes are variables so the loader can size a page to a cost budget: Shopify prices a connection at
// `first` x node cost before running it. Products with more variants, collections or plan groups than one page
// holds are completed with ProductVariantsPage / ProductCollectionIds / ProductSellingPlanGroupIds.
export const CatalogProductsQuery = defineOperation<CatalogProductsData, CatalogProductsVariables>(`#graphql
  query CatalogProducts(
    $first: Int!
    $after: String
    $query: String!
    $metafieldKeys: [String!]!
    $metafieldsFirst: Int!
    $variantsFirst: Int!
    $collectionsFirst: Int!
    $sellingPlanGroupsFirst: Int!
  ) {
    products(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes {
        id
        title
        handle
        status
        vendor
        productType
        tags
        createdAt
        featuredMedia { preview { image { url } } }
        metafields(first: $metafieldsFirst, keys: $metafieldKeys) { nodes { namespace key value } }
        collections(first: $collectionsFirst) { nodes { id } pageInfo { hasNextPage endCursor } }
        sellingPlanGroups(first: $sellingPlanGroupsFirst) { nodes { id } pageInfo { hasNextPage endCursor } }
        variants(first: $variantsFirst) {
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
      pageInfo { hasNextPage endCursor }
    }
  }
`);
