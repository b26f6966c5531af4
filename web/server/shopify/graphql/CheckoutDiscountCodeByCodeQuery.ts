import { defineOperation } from './operation.js';

export interface CheckoutDiscountCodeByCodeData {
  codeDiscountNodeByCode: { id: string } | null;
}

/** Finds a discount by its code: a retried creation whose first attempt reached Shopify reuses that discount. */
export const CheckoutDiscountCodeByCodeQuery = defineOperation<CheckoutDiscountCodeByCodeData, { code: string }>(`#graphql
  query CheckoutDiscountCodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }
`);
