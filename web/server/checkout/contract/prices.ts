// An offer's prices in checkout: the shop currency plus every currency the shop set an exchange rate for or a
// variant has a price list in (minus what the targeting rules out), computed by the engine's pricing in integer
// minor units and written as exact major-unit numbers. Subtotal bounds are converted per currency the same way.
import type { OfferPrice, SubtotalRange } from '../../../../extensions/checkout-upsell/src/offers-contract.js';
import {
  type CatalogVariant,
  type CurrencyConversion,
  convertToPresentment,
  createConversion,
  isKnownCurrency,
  minorToDecimal,
  type OfferLine,
  quote,
  quoteInputFor,
  type ShopSettings,
} from '../../offers/index.js';
import type { ConditionsDraft } from '../conditions.js';
import type { PlanInput } from './types.js';

/** The offer line's price in one currency, as written and as the conversion that produced it. */
export interface CurrencyPrice {
  entry: OfferPrice;
  totalMinor: number;
  conversion: CurrencyConversion;
}

export interface PricedVariant {
  variant: CatalogVariant;
  /** In the shop currency first, then the other currencies in code order. */
  prices: CurrencyPrice[];
  /** The line's shop-currency total after the discount (the ledger's amount). */
  shopTotalMinor: number;
}

/** The first variant priced above zero in the shop currency and in some currency the offer may show in. */
export function priceFirstVariant(
  line: OfferLine,
  variants: readonly CatalogVariant[],
  conditions: ConditionsDraft,
  input: PlanInput,
): PricedVariant | null {
  const shopCurrency = input.catalog.shopCurrency;
  const currencies = checkoutCurrencies(shopCurrency, input.settings, variants, conditions);
  for (const variant of variants) {
    const shopPrice = priceIn(line, variant, shopCurrency, input);
    if (!shopPrice) continue;
    const prices = currencies.flatMap((currency) =>
      currency === shopCurrency ? [shopPrice] : (priceIn(line, variant, currency, input) ?? []),
    );
    if (prices.length === 0) continue;
    return { variant, prices, shopTotalMinor: shopPrice.totalMinor };
  }
  return null;
}

/** `amount` is the line after the discount, `compareAtAmount` the regular price (compare-at when higher). */
function priceIn(line: OfferLine, variant: CatalogVariant, currency: string, input: PlanInput): CurrencyPrice | null {
  const conversion = createConversion(input.catalog.shopCurrency, currency, input.settings.exchangeRates);
  const quoted = quote(quoteInputFor(variant, line), conversion);
  if (!quoted || quoted.presentment.totalMinor <= 0 || quoted.shop.totalMinor <= 0) return null;
  const p = quoted.presentment;
  const regularMinor = Math.max(p.originalUnitPriceMinor, p.compareAtUnitPriceMinor ?? 0) * p.quantity;
  const entry: OfferPrice = { currencyCode: currency, amount: toMajor(p.totalMinor, currency) };
  if (regularMinor > p.totalMinor) entry.compareAtAmount = toMajor(regularMinor, currency);
  return { entry, totalMinor: p.totalMinor, conversion };
}

/** The shop currency first, then every currency with a rate or a price list, minus what the targeting rules out. */
function checkoutCurrencies(
  shopCurrency: string,
  settings: ShopSettings,
  variants: readonly CatalogVariant[],
  conditions: ConditionsDraft,
): string[] {
  const others = new Set<string>(Object.keys(settings.exchangeRates));
  for (const variant of variants) for (const currency of Object.keys(variant.presentmentPricesMinor ?? {})) others.add(currency);
  others.delete(shopCurrency);
  return [shopCurrency, ...[...others].sort()].filter(
    (currency) =>
      isKnownCurrency(currency) &&
      !conditions.excludedCurrencies.has(currency) &&
      (!conditions.currencies || conditions.currencies.has(currency)),
  );
}

/**
 * Subtotal bounds per currency; a currency whose bounds cannot be converted gets no price either (the block
 * would hide the offer there anyway: no subtotal entry means "not shown").
 */
export function withSubtotalRanges(
  prices: readonly CurrencyPrice[],
  range: ConditionsDraft['subtotal'],
): { prices: CurrencyPrice[]; subtotal: SubtotalRange[] | undefined } {
  if (!range) return { prices: [...prices], subtotal: undefined };
  const subtotal: SubtotalRange[] = [];
  const kept: CurrencyPrice[] = [];
  for (const price of prices) {
    const min = range.minMinor === null ? null : convertToPresentment(range.minMinor, price.conversion);
    const max = range.maxMinor === null ? null : convertToPresentment(range.maxMinor, price.conversion);
    if ((range.minMinor !== null && min === null) || (range.maxMinor !== null && max === null)) continue;
    const currency = price.entry.currencyCode;
    const entry: SubtotalRange = { currencyCode: currency };
    if (min !== null) entry.min = toMajor(min, currency);
    if (max !== null) entry.max = toMajor(max, currency);
    subtotal.push(entry);
    kept.push(price);
  }
  return { prices: kept, subtotal };
}

/** Minor units -> the contract's major-unit number, through the exact decimal string (1250 KWD minor -> 1.25). */
export function toMajor(minor: number, currency: string): number {
  return Number(minorToDecimal(minor, currency));
}
