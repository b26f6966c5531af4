import type {
  SubscriptionBillingAttemptCreateMutation as SubscriptionBillingAttemptCreateData,
  SubscriptionBillingAttemptCreateMutationVariables as SubscriptionBillingAttemptCreateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionBillingAttemptFieldsFragment } from './SubscriptionBillingAttemptFieldsFragment.js';

export type { SubscriptionBillingAttemptCreateData, SubscriptionBillingAttemptCreateVariables };

/**
 * Charges the contract's current billing cycle. `idempotencyKey` is required by Shopify: the same key on the same
 * contract returns the first attempt instead of charging again (SubscriptionBillingAttemptInput.idempotencyKey).
 */
export const SubscriptionBillingAttemptCreateMutation = defineOperation(
  `#graphql
  mutation SubscriptionBillingAttemptCreate($contractId: ID!, $input: SubscriptionBillingAttemptInput!) {
    subscriptionBillingAttemptCreate(subscriptionContractId: $contractId, subscriptionBillingAttemptInput: $input) {
      subscriptionBillingAttempt { ...SubscriptionBillingAttemptFields }
      userErrors { field message code }
    }
  }
`,
  [SubscriptionBillingAttemptFieldsFragment],
);
