import { DiscountUserErrorFieldsFragment } from './DiscountUserErrorFieldsFragment.js';
import type { CheckoutDiscountCodeDeactivateMutation as CheckoutDiscountCodeDeactivateData } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { CheckoutDiscountCodeDeactivateData };

/** Ends a checkout add-on code whose offer changed or went away (kept in Shopify for its usage history). */
export const CheckoutDiscountCodeDeactivateMutation = defineOperation(
  `#graphql
  mutation CheckoutDiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { ...DiscountUserErrorFields }
    }
  }
`,
  [DiscountUserErrorFieldsFragment],
);
