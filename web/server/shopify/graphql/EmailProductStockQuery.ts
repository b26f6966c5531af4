import type {
  EmailProductStockQuery as EmailProductStockData,
  EmailProductStockQueryVariables as EmailProductStockVariables,
} from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { EmailProductStockData, EmailProductStockVariables };

/**
 * Stock of an offered product's variants, read just before the email is sent (the catalog snapshot may be minutes
 * old); one call per offered product (an email offers at most six). A variant can be sold when its stock is above
 * zero, its inventory is not tracked, or its `inventoryPolicy` is CONTINUE (ProductVariantInventoryPolicy:
 * "Customers can buy this product variant after it's out of stock"); a product that is no longer ACTIVE is not.
 */
export const EmailProductStockQuery = defineOperation(`#graphql
  query EmailProductStock($id: ID!, $first: Int!) {
    product(id: $id) {
      id
      status
      variants(first: $first) { nodes { id inventoryQuantity inventoryPolicy inventoryItem { tracked } } }
    }
  }
`);
