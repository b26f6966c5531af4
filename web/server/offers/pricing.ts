// Offer prices in integer minor units of the currency's own exponent, never negative.
//
// Rounding of percentage discounts — what Shopify does, as far as public evidence goes (no Shopify page documents
// it; the community thread below asks for exactly that documentation and got none):
//  * Shopify/function-examples#371 (https://github.com/Shopify/function-examples/issues/371): a $23.00 line with
//    a 2.1739130434782608 % product discount shows $22.51, and the same line with quantity 2 shows $45.01.
//    Per-unit rounding would give 2 x $22.51 = $45.02, so the percentage is applied to the LINE (price x qty),
//    and the discount (0.4999.. and 0.9999..) is rounded DOWN to the cent, not half-up (0.50 / 1.00).
//  * community.shopify.com/t/relative-discount-function-result-cant-be-reproduced-because-of-strange-rounding/313894:
//    79.98 with 4 % off gives 76.79 in checkout. 4 % of 79.98 is 3.1992: half-up and banker's rounding both
//    give a 3.20 discount (76.78); only rounding the discount down gives 3.19 (76.79).
//  * The Shopify staff answer quoted at nvidia/Nemotron-CC-Math-v1 ("we use the decimal places defined by the
//    currency") confirms rounding happens at the currency's exponent (JPY to 1, KWD to 0.001).
// So: discount = floor(line subtotal x percent / 100) in minor units of the currency, applied per line. It is
// neither half-up nor banker's rounding; it is what makes the total we display equal what Shopify then charges.
// Fixed-amount discounts are exact per unit and need no rounding.
//
// Currency conversion (shop -> presentment) has no documented Shopify rule for apps (Markets rounding rules
// are per-shop settings we cannot read: https://help.shopify.com/en/manual/international/pricing/rounding), so
// the engine converts each unit price once, exactly, rounding half-up at the presentment exponent, and then
// applies plan adjustments and discounts in the presentment currency, as checkout does. A presentment price
// list (fixed prices per currency) always wins over a rate.
import { type ExactDecimal, mulDivFloor, mulDivHalfUp, parseExactDecimal } from './arithmetic.js';
import type { CatalogSellingPlanInput, CatalogVariantInput } from './catalog.js';
import { currencyExponent, pow10 } from './currency.js';

/** Hundredths of a percent: 15 % -> 1500, 12.5 % -> 1250. */
export function percentToHundredths(percent: number): number {
  const scaled = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(percent * 100 - scaled) > 1e-6) {
    throw new RangeError(`percent ${percent} has more than 2 decimals`);
  }
  if (scaled < 0 || scaled > 10_000) throw new RangeError(`percent ${percent} is outside 0..100`);
  return scaled;
}

/** floor(subtotal x percent): Shopify's observed rounding for a percentage off a line (see above). */
export function percentageOfLineMinor(lineSubtotalMinor: number, hundredths: number): number {
  return mulDivFloor(lineSubtotalMinor, hundredths, 10_000);
}

/** A discount resolved for one currency. */
export type ResolvedDiscount = { kind: 'percentage'; hundredths: number } | { kind: 'fixed'; perUnitMinor: number };

export interface LineAmounts {
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
}

/** Prices one line: unit price x quantity, minus the discount, clamped so the total is never negative. */
export function priceLine(unitPriceMinor: number, quantity: number, discount: ResolvedDiscount | null): LineAmounts {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  if (!Number.isSafeInteger(unitPriceMinor) || unitPriceMinor < 0) throw new RangeError(`unit price must be >= 0, got ${unitPriceMinor}`);
  const subtotalMinor = unitPriceMinor * quantity;
  if (!Number.isSafeInteger(subtotalMinor)) throw new RangeError('line subtotal exceeds the safe integer range');
  let discountMinor = 0;
  if (discount?.kind === 'percentage') discountMinor = percentageOfLineMinor(subtotalMinor, discount.hundredths);
  else if (discount?.kind === 'fixed') discountMinor = Math.min(subtotalMinor, discount.perUnitMinor * quantity);
  return { subtotalMinor, discountMinor, totalMinor: subtotalMinor - discountMinor };
}

/** How the shop currency maps to the shopper's (presentment) currency for one decision. */
export interface CurrencyConversion {
  shopCurrency: string;
  presentmentCurrency: string;
  /** Presentment units per shop unit; null when the currencies are equal or no rate is known. */
  rate: ExactDecimal | null;
  /** Cached exponents. */
  shopExponent: number;
  presentmentExponent: number;
}

export function createConversion(
  shopCurrency: string,
  presentmentCurrency: string,
  rates: Readonly<Record<string, string | number>> | undefined,
): CurrencyConversion {
  const shopExponent = currencyExponent(shopCurrency);
  const presentmentExponent = currencyExponent(presentmentCurrency);
  const raw = shopCurrency === presentmentCurrency ? undefined : rates?.[presentmentCurrency];
  return {
    shopCurrency,
    presentmentCurrency,
    rate: raw === undefined ? null : parseExactDecimal(raw),
    shopExponent,
    presentmentExponent,
  };
}

/**
 * Shop-currency minor units -> presentment minor units, half-up at the presentment exponent. Returns null when
 * the currencies differ and there is no rate (the caller then needs a presentment price list).
 */
export function convertToPresentment(shopMinor: number, conversion: CurrencyConversion): number | null {
  if (conversion.shopCurrency === conversion.presentmentCurrency) return shopMinor;
  const rate = conversion.rate;
  if (!rate) return null;
  // shopMinor / 10^es * (n / 10^k) * 10^ep = shopMinor * n * 10^ep / 10^(k + es)
  const up = conversion.presentmentExponent;
  const down = rate.scale + conversion.shopExponent;
  const shift = up - down;
  if (shift >= 0) return mulDivHalfUp(shopMinor, rate.numerator * pow10(shift), 1);
  if (-shift <= 9) return mulDivHalfUp(shopMinor, rate.numerator, pow10(-shift));
  // scale up to 9 + exponent up to 4: split the power so each factor stays in the table
  return mulDivHalfUp(shopMinor, rate.numerator, pow10(9) * pow10(-shift - 9));
}

/** A merchant's discount as stored in a definition: percent, or a fixed amount off each unit. */
export type DiscountDefinition =
  | { type: 'percentage'; percent: number }
  | {
      type: 'fixed_amount';
      /** Off each unit, in shop-currency minor units. */
      amountMinor: number;
      /** Optional exact amounts per presentment currency (minor units); otherwise converted with the rate. */
      presentmentAmountsMinor?: Record<string, number> | undefined;
    };

/** Resolves a definition for one currency: null when it cannot be expressed there (no rate, no fixed amount). */
export function resolveDiscount(
  discount: DiscountDefinition | null,
  currency: 'shop' | 'presentment',
  conversion: CurrencyConversion,
): ResolvedDiscount | null | 'unpriceable' {
  if (!discount) return null;
  if (discount.type === 'percentage') return { kind: 'percentage', hundredths: percentToHundredths(discount.percent) };
  if (currency === 'shop') return { kind: 'fixed', perUnitMinor: discount.amountMinor };
  const explicit = discount.presentmentAmountsMinor?.[conversion.presentmentCurrency];
  if (explicit !== undefined) return { kind: 'fixed', perUnitMinor: explicit };
  const converted = convertToPresentment(discount.amountMinor, conversion);
  return converted === null ? 'unpriceable' : { kind: 'fixed', perUnitMinor: converted };
}

/** A selling plan's own price policy, applied per unit before the offer's discount. */
export type PlanPriceAdjustment =
  | { type: 'percentage'; percent: number }
  | { type: 'fixed_amount'; amountMinor: number }
  | { type: 'price'; priceMinor: number };

/**
 * Unit price on a plan. Percentages are rounded like discounts (down on the amount off); fixed amounts and fixed
 * prices (shop currency) are converted first. Null when a conversion is impossible.
 */
export function applyPlanAdjustment(
  unitMinor: number,
  adjustment: PlanPriceAdjustment | null,
  currency: 'shop' | 'presentment',
  conversion: CurrencyConversion,
): number | null {
  if (!adjustment) return unitMinor;
  if (adjustment.type === 'percentage') {
    return unitMinor - mulDivFloor(unitMinor, percentToHundredths(adjustment.percent), 10_000);
  }
  const shopAmount = adjustment.type === 'fixed_amount' ? adjustment.amountMinor : adjustment.priceMinor;
  const amount = currency === 'shop' ? shopAmount : convertToPresentment(shopAmount, conversion);
  if (amount === null) return null;
  return adjustment.type === 'fixed_amount' ? Math.max(0, unitMinor - amount) : amount;
}

/** Prices in one currency, ready to display. */
export interface PriceQuote extends LineAmounts {
  currency: string;
  /** The variant's price before plan and discount. */
  originalUnitPriceMinor: number;
  /** Unit price after the plan's own adjustment, before the offer's discount. */
  unitPriceMinor: number;
  quantity: number;
  /** The variant's compare-at price when it is above the original price. */
  compareAtUnitPriceMinor: number | null;
}

export interface QuoteInput {
  shopUnitPriceMinor: number;
  shopCompareAtMinor: number | null;
  /** Fixed prices per presentment currency, minor units. */
  presentmentPrices: Readonly<Record<string, number>> | undefined;
  presentmentCompareAt: Readonly<Record<string, number>> | undefined;
  quantity: number;
  plan: PlanPriceAdjustment | null;
  discount: DiscountDefinition | null;
}

/** One catalog variant sold as an offer line: how many units, on which selling plan, with which discount. */
export interface OfferLine {
  quantity: number;
  plan: Pick<CatalogSellingPlanInput, 'priceAdjustment'> | null;
  discount: DiscountDefinition | null;
}

/** The quote() input for a catalog variant sold as `line`: its prices and price lists, the plan's adjustment. */
export function quoteInputFor(
  variant: Pick<CatalogVariantInput, 'priceMinor' | 'compareAtPriceMinor' | 'presentmentPricesMinor' | 'presentmentCompareAtMinor'>,
  line: OfferLine,
): QuoteInput {
  return {
    shopUnitPriceMinor: variant.priceMinor,
    shopCompareAtMinor: variant.compareAtPriceMinor ?? null,
    presentmentPrices: variant.presentmentPricesMinor,
    presentmentCompareAt: variant.presentmentCompareAtMinor,
    quantity: line.quantity,
    plan: line.plan?.priceAdjustment ?? null,
    discount: line.discount,
  };
}

/** Prices a variant in both currencies; null when the presentment currency cannot be priced. */
export function quote(input: QuoteInput, conversion: CurrencyConversion): { shop: PriceQuote; presentment: PriceQuote } | null {
  const shop = quoteIn('shop', input.shopUnitPriceMinor, input.shopCompareAtMinor, input, conversion);
  if (!shop) return null;
  if (conversion.presentmentCurrency === conversion.shopCurrency) return { shop, presentment: shop };
  const listed = input.presentmentPrices?.[conversion.presentmentCurrency];
  const unit = listed ?? convertToPresentment(input.shopUnitPriceMinor, conversion);
  if (unit === null) return null;
  const listedCompareAt = input.presentmentCompareAt?.[conversion.presentmentCurrency];
  const compareAt =
    listedCompareAt ?? (input.shopCompareAtMinor === null ? null : convertToPresentment(input.shopCompareAtMinor, conversion));
  const presentment = quoteIn('presentment', unit, compareAt, input, conversion);
  return presentment ? { shop, presentment } : null;
}

function quoteIn(
  currency: 'shop' | 'presentment',
  originalUnitPriceMinor: number,
  compareAtMinor: number | null,
  input: QuoteInput,
  conversion: CurrencyConversion,
): PriceQuote | null {
  const unitPriceMinor = applyPlanAdjustment(originalUnitPriceMinor, input.plan, currency, conversion);
  if (unitPriceMinor === null) return null;
  const discount = resolveDiscount(input.discount, currency, conversion);
  if (discount === 'unpriceable') return null;
  const amounts = priceLine(unitPriceMinor, input.quantity, discount);
  return {
    currency: currency === 'shop' ? conversion.shopCurrency : conversion.presentmentCurrency,
    originalUnitPriceMinor,
    unitPriceMinor,
    quantity: input.quantity,
    compareAtUnitPriceMinor: compareAtMinor !== null && compareAtMinor > originalUnitPriceMinor ? compareAtMinor : null,
    ...amounts,
  };
}
