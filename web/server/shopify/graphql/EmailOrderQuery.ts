import type { EmailOrderQuery as EmailOrderData, EmailOrderQueryVariables as EmailOrderVariables } from './generated/admin.generated.js';
import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineOperation } from './operation.js';

export type { EmailOrderData, EmailOrderVariables };
export type EmailOrderNode = NonNullable<EmailOrderData['order']>;

/**
 * What the email offer needs to know about an order, when it arrives and again at send time: whether Shopify lets
 * it be edited (`merchantEditable`, with the reasons in `merchantEditableErrors`, 2026-07: "Whether the order can be
 * edited by the merchant"), whether it was cancelled, is a test order, was fulfilled or edited since, where the
 * email goes and in which language (`customerLocale`), and its lines for the engine's targeting.
 */
export const EmailOrderQuery = defineOperation(
  `#graphql
  query EmailOrder($id: ID!, $linesFirst: Int!) {
    order(id: $id) {
      id
      name
      email
      test
      cancelledAt
      closedAt
      edited
      merchantEditable
      merchantEditableErrors
      displayFulfillmentStatus
      customerLocale
      tags
      sourceName
      presentmentCurrencyCode
      currencyCode
      createdAt
      customer { id firstName }
      shippingAddress { countryCodeV2 }
      subtotalPriceSet { shopMoney { ...MoneyFields } presentmentMoney { ...MoneyFields } }
      lineItems(first: $linesFirst) {
        nodes {
          quantity
          currentQuantity
          title
          product { id }
          variant { id }
          sellingPlan { sellingPlanId }
          originalUnitPriceSet { presentmentMoney { ...MoneyFields } }
        }
        pageInfo { hasNextPage }
      }
    }
  }
`,
  [MoneyFieldsFragment],
);
