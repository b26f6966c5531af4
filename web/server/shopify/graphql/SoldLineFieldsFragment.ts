import type { SoldLineFieldsFragment as SoldLineFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/**
 * An order line as the recent-sales count reads it: `currentQuantity` leaves out refunded and removed units;
 * `product` is null when the product was deleted since.
 */
export type SoldLineNode = SoldLineFieldsType;

export const SoldLineFieldsFragment = defineFragment(`#graphql
  fragment SoldLineFields on LineItem { currentQuantity product { id } }
`);
