import { defineOperation } from './operation.js';

export interface ShopCurrencyData {
  shop: { currencyCode: string };
}

/** The currency every catalog price (variant price, plan fixed amounts) is expressed in. */
export const ShopCurrencyQuery = defineOperation<ShopCurrencyData>(`#graphql
  query ShopCurrency {
    shop { currencyCode }
  }
`);
