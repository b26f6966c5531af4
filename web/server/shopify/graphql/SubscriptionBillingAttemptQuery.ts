import type {
  SubscriptionBillingAttemptQuery as SubscriptionBillingAttemptData,
  SubscriptionBillingAttemptQueryVariables as SubscriptionBillingAttemptVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionBillingAttemptFieldsFragment } from './SubscriptionBillingAttemptFieldsFragment.js';

export type { SubscriptionBillingAttemptData, SubscriptionBillingAttemptVariables };

/** Where one billing attempt stands: read when its webhook is late. */
export const SubscriptionBillingAttemptQuery = defineOperation(
  `#graphql
  query SubscriptionBillingAttempt($id: ID!) {
    subscriptionBillingAttempt(id: $id) { ...SubscriptionBillingAttemptFields }
  }
`,
  [SubscriptionBillingAttemptFieldsFragment],
);
