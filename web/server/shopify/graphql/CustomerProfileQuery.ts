import { defineOperation } from './operation.js';

export interface CustomerProfileData {
  customer: {
    id: string;
    tags: string[];
    /** UnsignedInt64 as a string: every order of the customer, including those placed before Encore was installed. */
    numberOfOrders: string;
  } | null;
}

export interface CustomerProfileVariables {
  id: string;
}

/**
 * What targeting needs to know about the customer of a new order. Since API 2025-01 the customer in order
 * webhooks carries no `tags` (shopify.dev changelog "New customer's webhook and changes to existing customer's
 * webhooks payload"), so they are read here.
 */
export const CustomerProfileQuery = defineOperation<CustomerProfileData, CustomerProfileVariables>(`#graphql
  query CustomerProfile($id: ID!) {
    customer(id: $id) { id tags numberOfOrders }
  }
`);
