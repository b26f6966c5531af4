import type { StagedLineFieldsFragment as StagedLineFieldsType } from './generated/admin.generated.js';
import { MoneyFieldsFragment } from './MoneyFieldsFragment.js';
import { defineFragment } from './operation.js';

/** A line staged in an order edit: its id (for the next change) and its total after discounts, in shop money. */
export type StagedLineFields = StagedLineFieldsType;

export const StagedLineFieldsFragment = defineFragment(
  `#graphql
  fragment StagedLineFields on CalculatedLineItem { id editableSubtotalSet { shopMoney { ...MoneyFields } } }
`,
  [MoneyFieldsFragment],
);
