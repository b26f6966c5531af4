import type { OrderEditStateFieldsFragment as OrderEditStateFieldsType } from './generated/admin.generated.js';
import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineFragment } from './operation.js';

/** What an email-offer order edit needs to know about the order before and after it changes it. */
export type OrderEditStateFields = OrderEditStateFieldsType;

/**
 * The order as an order edit sees it: can it still be edited (`merchantEditable` and its reasons, cancelled,
 * fulfilment status), its line items (to find a line an earlier, interrupted attempt committed), its fulfillment
 * orders with their holds (to hold the added items until paid), and the balance with Shopify's payment page for it
 * (`paymentCollectionDetails.additionalPaymentCollectionUrl`). Sizes stay well under the 1,000-point query limit when
 * read as a query; inside a mutation payload they cost nothing extra.
 */
export const OrderEditStateFieldsFragment = defineFragment(
  `#graphql
  fragment OrderEditStateFields on Order {
    id
    name
    cancelledAt
    displayFulfillmentStatus
    merchantEditable
    merchantEditableErrors
    totalOutstandingSet { shopMoney { ...MoneyFields } }
    paymentCollectionDetails { additionalPaymentCollectionUrl }
    lineItems(first: 50) { nodes { id quantity currentQuantity variant { id } discountedTotalSet { shopMoney { ...MoneyFields } } } }
    fulfillmentOrders(first: 10) {
      nodes {
        id
        status
        fulfillmentHolds { id handle }
        lineItems(first: 20) { nodes { id remainingQuantity lineItem { id } } }
      }
    }
  }
`,
  [MoneyFieldsFragment],
);
