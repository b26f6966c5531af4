import type { ShopCurrencyQuery as ShopCurrencyData } from './generated/admin.generated.js';
import { defineOperation } from './operation.js';

export type { ShopCurrencyData };

/** The currency every catalog price (variant price, plan fixed amounts) is expressed in. */
export const ShopCurrencyQuery = defineOperation(`#graphql
  query ShopCurrency {
    shop { currencyCode }
  }
`);
