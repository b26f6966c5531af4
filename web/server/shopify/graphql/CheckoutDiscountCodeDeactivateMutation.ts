import { defineOperation, type UserError } from './operation.js';

export interface CheckoutDiscountCodeDeactivateData {
  discountCodeDeactivate: {
    codeDiscountNode: { id: string } | null;
    userErrors: UserError[];
  } | null;
}

/** Ends a checkout add-on code whose offer changed or went away (kept in Shopify for its usage history). */
export const CheckoutDiscountCodeDeactivateMutation = defineOperation<CheckoutDiscountCodeDeactivateData, { id: string }>(`#graphql
  mutation CheckoutDiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`);
