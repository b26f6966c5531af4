import type {
  SubscriptionContractsPageQuery as SubscriptionContractsPageData,
  SubscriptionContractsPageQueryVariables as SubscriptionContractsPageVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { PageInfoFieldsFragment } from './PageInfoFieldsFragment.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';

export type { SubscriptionContractsPageData, SubscriptionContractsPageVariables };

/**
 * A page of the app's contracts, for reconciliation. Ten per page with up to 20 lines each keeps a page well under
 * Shopify's 1,000-point ceiling for one query (a connection costs 2 + first × node cost).
 */
export const SubscriptionContractsPageQuery = defineOperation(
  `#graphql
  query SubscriptionContractsPage($after: String) {
    subscriptionContracts(first: 10, after: $after) {
      nodes { ...SubscriptionContractFields }
      pageInfo { ...PageInfoFields }
    }
  }
`,
  [SubscriptionContractFieldsFragment, PageInfoFieldsFragment],
);
