import type { SubscriptionContractFieldsFragment as SubscriptionContractFieldsType } from './generated/admin.generated.js';
import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineFragment } from './operation.js';

/** A contract as Encore stores it: status, schedule, payment method, delivery, the customer's email and the lines. */
export type SubscriptionContractFields = SubscriptionContractFieldsType;
export type SubscriptionContractLineNode = SubscriptionContractFields['lines']['nodes'][number];

export const SubscriptionContractFieldsFragment = defineFragment(
  `#graphql
  fragment SubscriptionContractFields on SubscriptionContract {
    id
    status
    currencyCode
    nextBillingDate
    updatedAt
    lastPaymentStatus
    billingPolicy { interval intervalCount }
    deliveryPolicy { interval intervalCount }
    deliveryPrice { amount }
    customerPaymentMethod { id }
    customer { id email locale }
    originOrder { id }
    lines(first: 20) {
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
`,
  [MoneyFieldsFragment],
);
