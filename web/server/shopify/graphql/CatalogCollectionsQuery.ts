import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';

/** Every collection of the shop, so the funnel validator can flag targeting on collections that are gone. */
export const CatalogCollectionsQuery = defineOperation(
  `#graphql
  query CatalogCollections($first: Int!, $after: String) {
    collections(first: $first, after: $after, sortKey: ID) {
      nodes { id title }
      pageInfo { ...PageInfoFields }
    }
  }
`,
  [PageInfoFieldsFragment],
);
