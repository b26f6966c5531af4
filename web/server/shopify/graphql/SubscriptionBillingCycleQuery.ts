import type {
  SubscriptionBillingCycleQuery as SubscriptionBillingCycleData,
  SubscriptionBillingCycleQueryVariables as SubscriptionBillingCycleVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionBillingCycleFieldsFragment } from './SubscriptionBillingCycleFieldsFragment.js';

export type { SubscriptionBillingCycleData, SubscriptionBillingCycleVariables };

/** One billing cycle of a contract, selected by index or date (SubscriptionBillingCycleInput). */
export const SubscriptionBillingCycleQuery = defineOperation(
  `#graphql
  query SubscriptionBillingCycle($input: SubscriptionBillingCycleInput!) {
    subscriptionBillingCycle(billingCycleInput: $input) { ...SubscriptionBillingCycleFields }
  }
`,
  [SubscriptionBillingCycleFieldsFragment],
);
