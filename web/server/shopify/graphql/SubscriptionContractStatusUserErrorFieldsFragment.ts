import type { SubscriptionContractStatusUserErrorFieldsFragment as Fields } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

export type SubscriptionContractStatusUserErrorFields = Fields;

/** Why Shopify refused to pause, resume or cancel a contract. */
export const SubscriptionContractStatusUserErrorFieldsFragment = defineFragment(`#graphql
  fragment SubscriptionContractStatusUserErrorFields on SubscriptionContractStatusUpdateUserError { field message code }
`);
