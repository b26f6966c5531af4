import { defineFragment } from './operation.js';

/** The userErrors of the discount mutations. */
export const DiscountUserErrorFieldsFragment = defineFragment(`#graphql
  fragment DiscountUserErrorFields on DiscountUserError { field message code }
`);
