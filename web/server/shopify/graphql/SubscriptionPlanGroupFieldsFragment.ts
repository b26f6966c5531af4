import type { SubscriptionPlanGroupFieldsFragment as SubscriptionPlanGroupFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/** A selling plan group Encore manages, with the ids of its plans (at most 31 per group). */
export type SubscriptionPlanGroupFields = SubscriptionPlanGroupFieldsType;

export const SubscriptionPlanGroupFieldsFragment = defineFragment(`#graphql
  fragment SubscriptionPlanGroupFields on SellingPlanGroup {
    id
    name
    sellingPlans(first: 31) { nodes { id name options } }
  }
`);
