// Small helpers for the catalog's tests: a shop row and a snapshot, without Shopify.

import type { ShopRef } from '../../web/server/catalog/index.js';
import type { Db } from '../../web/server/db/client.js';
import type { CatalogInput } from '../../web/server/offers/index.js';

export async function createShop(db: Db, domain: string, installState: 'installed' | 'uninstalled' = 'installed'): Promise<ShopRef> {
  const shop = await db.prisma.shop.create({ data: { domain, installState, currencyCode: 'USD' } });
  return { id: shop.id, domain: shop.domain };
}

/** A catalog of `count` active products, product n priced n x 100 minor units. */
export function sampleCatalogInput(count: number, priceOffset = 0): CatalogInput {
  return {
    shopCurrency: 'USD',
    products: Array.from({ length: count }, (_, index) => {
      const n = index + 1;
      return {
        id: `gid://shopify/Product/${n}`,
        title: `Product ${n}`,
        handle: `product-${n}`,
        status: 'active' as const,
        vendor: 'Acme',
        productType: 'Widget',
        tags: [],
        collectionIds: [],
        createdAt: '2026-11-01T00:00:00Z',
        variants: [
          {
            id: `gid://shopify/ProductVariant/${n}`,
            title: 'Default Title',
            priceMinor: n * 100 + priceOffset,
            inventoryQuantity: 5,
            inventoryPolicy: 'deny' as const,
          },
        ],
      };
    }),
  };
}
