import type { CatalogVariantFieldsFragment as CatalogVariantFieldsType } from './generated/admin.generated.js';
import { defineFragment } from './operation.js';

/** The variant fields the catalog keeps (`price` and `compareAtPrice` are decimal strings in the shop currency). */
export type CatalogVariantNode = CatalogVariantFieldsType;

/** Read by CatalogProducts and, for products with more variants than its first page, ProductVariantsPage. */
export const CatalogVariantFieldsFragment = defineFragment(`#graphql
  fragment CatalogVariantFields on ProductVariant {
    id
    title
    sku
    price
    compareAtPrice
    inventoryQuantity
    inventoryPolicy
    inventoryItem { tracked }
  }
`);
