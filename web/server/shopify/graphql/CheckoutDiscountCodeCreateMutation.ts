import { defineOperation, type UserError } from './operation.js';

/** The part of DiscountCodeBasicInput that checkout add-on codes use. */
export interface CheckoutDiscountCodeInput {
  title: string;
  code: string;
  startsAt: string;
  endsAt: string | null;
  appliesOncePerCustomer: boolean;
  /** Who may use the code. Required on create (DiscountCodeBasicInput's 2026-07 description), though nullable. */
  context: { all: 'ALL' };
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  customerGets: {
    value: { percentage: number } | { discountAmount: { amount: string; appliesOnEachItem: boolean } };
    items: { products: { productVariantsToAdd: string[] } };
    appliesOnOneTimePurchase: boolean;
    appliesOnSubscription: boolean;
  };
  minimumRequirement?: { quantity: { greaterThanOrEqualToQuantity: string } };
  /** Only with appliesOnSubscription: how many billing cycles the discount applies to. */
  recurringCycleLimit?: number;
  tags: string[];
}

export interface CheckoutDiscountCodeCreateVariables {
  basicCodeDiscount: CheckoutDiscountCodeInput;
}

export interface CheckoutDiscountCodeCreateData {
  discountCodeBasicCreate: {
    codeDiscountNode: { id: string } | null;
    userErrors: UserError[];
  } | null;
}

/** Creates the basic code discount of one checkout add-on offer. */
export const CheckoutDiscountCodeCreateMutation = defineOperation<CheckoutDiscountCodeCreateData, CheckoutDiscountCodeCreateVariables>(`#graphql
  mutation CheckoutDiscountCodeCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`);
