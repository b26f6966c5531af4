import type {
  SubscriptionContractQuery as SubscriptionContractData,
  SubscriptionContractQueryVariables as SubscriptionContractVariables,
} from './generated/admin.generated.js';
import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineOperation } from './operation.js';

export type { SubscriptionContractData, SubscriptionContractVariables };
export type SubscriptionContractLineNode = NonNullable<SubscriptionContractData['subscriptionContract']>['lines']['nodes'][number];

/** One contract with what renewals need: status, schedule, currency and the lines (a contract has few). */
export const SubscriptionContractQuery = defineOperation(
  `#graphql
  query SubscriptionContract($id: ID!) {
    subscriptionContract(id: $id) {
      id
      status
      currencyCode
      nextBillingDate
      updatedAt
      lastPaymentStatus
      billingPolicy { interval intervalCount }
      customer { id }
      originOrder { id }
      lines(first: 50) {
        nodes {
          id
          productId
          variantId
          title
          variantTitle
          quantity
          sellingPlanId
          sellingPlanName
          currentPrice { ...MoneyFields }
        }
      }
    }
  }
`,
  [MoneyFieldsFragment],
);
