import type { SubscriptionDraftUserErrorFieldsFragment as Fields } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

export type SubscriptionDraftUserErrorFields = Fields;

/** Why Shopify refused a contract draft (open, update, commit). */
export const SubscriptionDraftUserErrorFieldsFragment = defineFragment(`#graphql
  fragment SubscriptionDraftUserErrorFields on SubscriptionDraftUserError { field message code }
`);
