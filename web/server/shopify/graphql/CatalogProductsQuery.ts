import { CatalogVariantFieldsFragment } from './CatalogVariantFieldsFragment.js';
import type { CatalogProductsQuery as CatalogProductsData, CatalogProductsQueryVariables } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

export type { CatalogProductsData };
/** `metafieldKeys`: "namespace.key" of the product metafields to keep (e.g. custom.expiry_date). */
export type CatalogProductsVariables = CatalogProductsQueryVariables;
export type CatalogProductNode = CatalogProductsData['products']['nodes'][number];

// Nested page sizes are variables so the loader can size a page to a cost budget: Shopify prices a connection at
// `first` x node cost before running it. Products with more variants, collections or plan groups than one page
// holds are completed with ProductVariantsPage / ProductCollectionIds / ProductSellingPlanGroupIds.
export const CatalogProductsQuery = defineOperation(
  `#graphql
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
        collections(first: $collectionsFirst) { nodes { id } pageInfo { ...PageInfoFields } }
        sellingPlanGroups(first: $sellingPlanGroupsFirst) { nodes { id } pageInfo { ...PageInfoFields } }
        variants(first: $variantsFirst) {
          nodes { ...CatalogVariantFields }
          pageInfo { ...PageInfoFields }
        }
      }
      pageInfo { ...PageInfoFields }
    }
  }
`,
  [PageInfoFieldsFragment, CatalogVariantFieldsFragment],
);
