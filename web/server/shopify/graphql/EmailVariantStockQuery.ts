import type {
  EmailVariantStockQuery as EmailVariantStockData,
  EmailVariantStockQueryVariables as EmailVariantStockVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { EmailVariantStockData, EmailVariantStockVariables };

/**
 * Stock of the variants an email offers, read just before it is sent (the catalog snapshot may be minutes old). A
 * variant can be sold when its stock is above zero, its inventory is not tracked, or its `inventoryPolicy` is
 * CONTINUE ("Customers can buy this product variant after it's out of stock", ProductVariantInventoryPolicy).
 */
export const EmailVariantStockQuery = defineOperation(`#graphql
  query EmailVariantStock($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant { id inventoryQuantity inventoryPolicy inventoryItem { tracked } product { status } }
    }
  }
`);
