import { AttributeFieldsFragment } from './AttributeFieldsFragment.js';
import type {
  OfferContractContextQuery as OfferContractContextData,
  OfferContractContextQueryVariables as OfferContractContextVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { OfferContractContextData, OfferContractContextVariables };

/**
 * What a contract created for an email offer needs from the original order: its customer's vaulted payment methods
 * (`Customer.paymentMethods`, revoked ones left out by default), the contracts the customer has (to find one an
 * earlier attempt created, by its custom attribute), where and how the order ships.
 */
export const OfferContractContextQuery = defineOperation(
  `#graphql
  query OfferContractContext($orderId: ID!) {
    order(id: $orderId) {
      id
      presentmentCurrencyCode
      customer {
        id
        paymentMethods(first: 20) { nodes { id revokedAt } }
        subscriptionContracts(first: 50) { nodes { id customAttributes { ...AttributeFields } } }
      }
      shippingAddress { firstName lastName company address1 address2 city provinceCode countryCodeV2 zip phone }
      shippingLine { title code }
    }
  }
`,
  [AttributeFieldsFragment],
);
