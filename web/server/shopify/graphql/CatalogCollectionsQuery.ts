import { defineOperation } from './operation.js';
import type { CatalogPageInfo } from './CatalogProductsQuery.js';

export interface CatalogCollectionsData {
  collections: { nodes: { id: string; title: string }[]; pageInfo: CatalogPageInfo };
}

export interface CatalogCollectionsVariables {
  first: number;
  after?: string | null;
}

/** Every collection of the shop, so the funnel validator can flag targeting on collections that are gone. */
export const CatalogCollectionsQuery = defineOperation<CatalogCollectionsData, CatalogCollectionsVariables>(`#graphql
  query CatalogCollections($first: Int!, $after: String) {
    collections(first: $first, after: $after, sortKey: ID) {
      nodes { id title }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
