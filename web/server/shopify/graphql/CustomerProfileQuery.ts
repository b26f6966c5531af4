import type {
  CustomerProfileQuery as CustomerProfileData,
  CustomerProfileQueryVariables as CustomerProfileVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { CustomerProfileData, CustomerProfileVariables };

/**
 * What targeting needs to know about the customer of a new order. Since API 2025-01 the customer in order
 * webhooks carries no `tags` (shopify.dev changelog "New customer's webhook and changes to existing customer's
 * webhooks payload"), so they are read here. `numberOfOrders` (an UnsignedInt64 string) counts every order of the
 * customer, including those placed before Encore was installed.
 */
export const CustomerProfileQuery = defineOperation(`#graphql
  query CustomerProfile($id: ID!) {
    customer(id: $id) { id tags numberOfOrders }
  }
`);
