import type { SubscriptionBillingAttemptFieldsFragment as SubscriptionBillingAttemptFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/** A billing attempt and where it stands: pending, succeeded (with its order), failed (with its code) or challenged. */
export type SubscriptionBillingAttemptFields = SubscriptionBillingAttemptFieldsType;

export const SubscriptionBillingAttemptFieldsFragment = defineFragment(`#graphql
  fragment SubscriptionBillingAttemptFields on SubscriptionBillingAttempt {
    id
    idempotencyKey
    state {
      __typename
      ... on SubscriptionBillingAttemptSuccessState { order { id } }
      ... on SubscriptionBillingAttemptFailedState {
        error {
          __typename
          ... on SubscriptionBillingAttemptPaymentError { paymentCode: code }
          ... on SubscriptionBillingAttemptInventoryError { inventoryCode: code }
          ... on SubscriptionBillingAttemptGeneralError { generalCode: code }
        }
      }
      ... on SubscriptionBillingAttemptActionRequiredState {
        action { __typename ... on SubscriptionBillingAttemptPaymentChallenge { nextActionUrl } }
      }
    }
  }
`);
