import type {
  CustomerPaymentMethodSendUpdateEmailMutation as CustomerPaymentMethodSendUpdateEmailData,
  CustomerPaymentMethodSendUpdateEmailMutationVariables as CustomerPaymentMethodSendUpdateEmailVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';
import { UserErrorFieldsFragment } from './UserErrorFieldsFragment.js';

export type { CustomerPaymentMethodSendUpdateEmailData, CustomerPaymentMethodSendUpdateEmailVariables };

/** Shopify emails the customer a secure link to update the card a renewal could not charge. */
export const CustomerPaymentMethodSendUpdateEmailMutation = defineOperation(
  `#graphql
  mutation CustomerPaymentMethodSendUpdateEmail($paymentMethodId: ID!) {
    customerPaymentMethodSendUpdateEmail(customerPaymentMethodId: $paymentMethodId) {
      customer { id }
      userErrors { ...UserErrorFields }
    }
  }
`,
  [UserErrorFieldsFragment],
);
