import { DiscountUserErrorFieldsFragment } from './DiscountUserErrorFieldsFragment.js';
import type {
  CheckoutDiscountCodeCreateMutation as CheckoutDiscountCodeCreateData,
  CheckoutDiscountCodeCreateMutationVariables as CheckoutDiscountCodeCreateVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { CheckoutDiscountCodeCreateData, CheckoutDiscountCodeCreateVariables };

type DiscountCodeBasicInput = CheckoutDiscountCodeCreateVariables['basicCodeDiscount'];
type WithRequired<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/**
 * Shopify's DiscountCodeBasicInput with the fields every checkout add-on code sets made required. `context` (who
 * may use the code) is required on create, per the 2026-07 description of DiscountCodeBasicInput, though nullable.
 */
export type CheckoutDiscountCodeInput = WithRequired<
  DiscountCodeBasicInput,
  'title' | 'code' | 'startsAt' | 'context' | 'combinesWith' | 'customerGets'
>;

/** Creates the basic code discount of one checkout add-on offer. */
export const CheckoutDiscountCodeCreateMutation = defineOperation(
  `#graphql
  mutation CheckoutDiscountCodeCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { ...DiscountUserErrorFields }
    }
  }
`,
  [DiscountUserErrorFieldsFragment],
);
