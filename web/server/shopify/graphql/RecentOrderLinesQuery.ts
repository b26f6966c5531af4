import type { RecentOrderLinesQuery as RecentOrderLinesData, RecentOrderLinesQueryVariables } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';
import { SoldLineFieldsFragment } from './SoldLineFieldsFragment.js';

export type { RecentOrderLinesData };
/** `query` is Shopify search syntax, e.g. `created_at:>='2026-10-24T12:00:00Z' test:false`. */
export type RecentOrderLinesVariables = RecentOrderLinesQueryVariables;
export type RecentOrderNode = RecentOrderLinesData['orders']['nodes'][number];

/** Units sold per product over the recent-sales window ("slow movers" ranks stock against it). */
export const RecentOrderLinesQuery = defineOperation(
  `#graphql
  query RecentOrderLines($first: Int!, $after: String, $query: String!, $linesFirst: Int!) {
    orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
      nodes {
        id
        cancelledAt
        lineItems(first: $linesFirst) {
          nodes { ...SoldLineFields }
          pageInfo { ...PageInfoFields }
        }
      }
      pageInfo { ...PageInfoFields }
    }
  }
`,
  [SoldLineFieldsFragment, PageInfoFieldsFragment],
);
