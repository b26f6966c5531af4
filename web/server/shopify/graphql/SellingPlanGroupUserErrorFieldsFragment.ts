import type { SellingPlanGroupUserErrorFieldsFragment as SellingPlanGroupUserErrorFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

export type SellingPlanGroupUserErrorFields = SellingPlanGroupUserErrorFieldsType;

export const SellingPlanGroupUserErrorFieldsFragment = defineFragment(`#graphql
  fragment SellingPlanGroupUserErrorFields on SellingPlanGroupUserError { field message code }
`);
