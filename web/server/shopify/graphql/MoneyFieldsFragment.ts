import type { MoneyFieldsFragment as MoneyFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/** An amount (a decimal string) and its currency. */
export type MoneyFields = MoneyFieldsType;

export const MoneyFieldsFragment = defineFragment(`#graphql
  fragment MoneyFields on MoneyV2 { amount currencyCode }
`);
