import type {
  SubscriptionContractSetNextBillingDateMutation as SubscriptionContractSetNextBillingDateData,
  SubscriptionContractSetNextBillingDateMutationVariables as SubscriptionContractSetNextBillingDateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { SubscriptionContractFieldsFragment } from './SubscriptionContractFieldsFragment.js';

export type { SubscriptionContractSetNextBillingDateData, SubscriptionContractSetNextBillingDateVariables };

/** Moves the next billing date (a new date chosen by the shopper, or one interval on to skip a delivery). */
export const SubscriptionContractSetNextBillingDateMutation = defineOperation(
  `#graphql
  mutation SubscriptionContractSetNextBillingDate($id: ID!, $date: DateTime!) {
    subscriptionContractSetNextBillingDate(contractId: $id, date: $date) {
      contract { ...SubscriptionContractFields }
      userErrors { field message code }
    }
  }
`,
  [SubscriptionContractFieldsFragment],
);
