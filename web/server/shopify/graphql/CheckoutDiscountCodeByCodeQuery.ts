import type { CheckoutDiscountCodeByCodeQuery as CheckoutDiscountCodeByCodeData } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { CheckoutDiscountCodeByCodeData };

/** Finds a discount by its code: a retried creation whose first attempt reached Shopify reuses that discount. */
export const CheckoutDiscountCodeByCodeQuery = defineOperation(`#graphql
  query CheckoutDiscountCodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }
`);
