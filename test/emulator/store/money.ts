// Money is kept in integer minor units (cents) inside the store so totals never drift; it leaves as the decimal
// strings Shopify sends. Currency conversion to the presentment currency uses the shop's fixed demo rates.
import type { CurrencyCode } from '../seed/types.js';

export type Cents = number;

export function toCents(decimal: string | number): Cents {
  const value = typeof decimal === 'number' ? decimal : Number(decimal);
  if (!Number.isFinite(value)) throw new Error(`emulator: not a money amount: ${String(decimal)}`);
  return Math.round(value * 100);
}

/** "16.00" style: two decimals, as ProductVariant.price and MoneyV2.amount are written in Encore's seed. */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface MoneyV2 {
  amount: string;
  currencyCode: CurrencyCode;
}

export interface MoneyBag {
  shopMoney: MoneyV2;
  presentmentMoney: MoneyV2;
}

export function moneyV2(cents: Cents, currencyCode: CurrencyCode): MoneyV2 {
  return { amount: formatCents(cents), currencyCode };
}

export function convert(cents: Cents, rate: number): Cents {
  return Math.round(cents * rate);
}

export function moneyBag(cents: Cents, shopCurrency: CurrencyCode, presentmentCurrency: CurrencyCode, rate: number): MoneyBag {
  return { shopMoney: moneyV2(cents, shopCurrency), presentmentMoney: moneyV2(convert(cents, rate), presentmentCurrency) };
}

/** Splits `total` over `weights` in proportion, giving the rounding remainder to the last share. */
export function allocate(total: Cents, weights: number[]): Cents[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const remainder = total - shares.reduce((a, b) => a + b, 0);
  if (shares.length > 0) shares[shares.length - 1]! += remainder;
  return shares;
}
