import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulDivFloor, mulDivHalfUp, parseExactDecimal } from './arithmetic.js';
import { CURRENCY_EXPONENTS, currencyExponent } from './currency.js';
import {
  applyPlanAdjustment,
  convertToPresentment,
  createConversion,
  type DiscountDefinition,
  percentToHundredths,
  priceLine,
  quote,
  quoteInputFor,
} from './pricing.js';

const CODES = Object.keys(CURRENCY_EXPONENTS);
const percentArb = fc.integer({ min: 1, max: 10_000 }).map((hundredths) => hundredths / 100);
const unitArb = fc.integer({ min: 0, max: 50_000_000 });
const quantityArb = fc.integer({ min: 1, max: 100 });

/** Reference: the same rule in BigInt, written independently of the engine. */
function referencePercentTotal(unit: number, quantity: number, percent: number): number {
  const subtotal = BigInt(unit) * BigInt(quantity);
  const hundredths = BigInt(Math.round(percent * 100));
  return Number(subtotal - (subtotal * hundredths) / 10_000n);
}

describe('percentage discounts (Shopify rounding: per line, discount rounded down)', () => {
  it.each([
    // [unit, qty, percent, expected total]  — the first two are the public Shopify observations cited in pricing.ts
    [7998, 1, 4, 7679],
    [2300, 2, 2.17, 4501],
    [1999, 1, 25, 1500],
    [1999, 3, 15, 5098],
    [100, 1, 100, 0],
    [1, 1, 50, 1],
    [1500, 1, 33.33, 1001], // JPY-sized integers: no fractional yen ever appears
    [1250, 3, 12.5, 3282], // KWD fils: 3750 - floor(468.75)
  ])('when %i minor units x %i get %f%% off, then the line costs %i', (unit, quantity, percent, expected) => {
    const line = priceLine(unit, quantity, { kind: 'percentage', hundredths: percentToHundredths(percent) });
    expect(line.totalMinor).toBe(expected);
    expect(line.subtotalMinor - line.discountMinor).toBe(expected);
  });

  it('when the percentage is applied, then it is applied to the line, not to each unit', () => {
    // per unit: 3 x (1999 - floor(299.85)) = 3 x 1700 = 5100; per line: 5997 - floor(899.55) = 5098
    expect(priceLine(1999, 3, { kind: 'percentage', hundredths: 1500 }).totalMinor).toBe(5098);
  });

  it('when any price gets any percentage off, then the total is never negative and matches the BigInt reference', () => {
    fc.assert(
      fc.property(unitArb, quantityArb, percentArb, (unit, quantity, percent) => {
        const line = priceLine(unit, quantity, { kind: 'percentage', hundredths: percentToHundredths(percent) });
        expect(line.totalMinor).toBeGreaterThanOrEqual(0);
        expect(line.totalMinor).toBe(referencePercentTotal(unit, quantity, percent));
        expect(line.subtotalMinor).toBe(line.totalMinor + line.discountMinor);
      }),
    );
  });

  it('when the percentage grows, then the total never rises', () => {
    fc.assert(
      fc.property(unitArb, quantityArb, percentArb, percentArb, (unit, quantity, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowTotal = priceLine(unit, quantity, {
          kind: 'percentage',
          hundredths: percentToHundredths(low),
        }).totalMinor;
        const highTotal = priceLine(unit, quantity, {
          kind: 'percentage',
          hundredths: percentToHundredths(high),
        }).totalMinor;
        expect(highTotal).toBeLessThanOrEqual(lowTotal);
      }),
    );
  });
});

describe('fixed-amount discounts', () => {
  it('when the amount exceeds the price, then the line costs zero, never less', () => {
    expect(priceLine(500, 2, { kind: 'fixed', perUnitMinor: 800 })).toEqual({
      subtotalMinor: 1000,
      discountMinor: 1000,
      totalMinor: 0,
    });
  });

  it('when any fixed amount is taken off, then the total is exact, never negative and falls as the amount grows', () => {
    fc.assert(
      fc.property(
        unitArb,
        quantityArb,
        fc.integer({ min: 0, max: 60_000_000 }),
        fc.integer({ min: 0, max: 60_000_000 }),
        (unit, quantity, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const lowLine = priceLine(unit, quantity, { kind: 'fixed', perUnitMinor: low });
          const highLine = priceLine(unit, quantity, { kind: 'fixed', perUnitMinor: high });
          expect(lowLine.totalMinor).toBe(Math.max(0, (unit - low) * quantity));
          expect(highLine.totalMinor).toBeGreaterThanOrEqual(0);
          expect(highLine.totalMinor).toBeLessThanOrEqual(lowLine.totalMinor);
        },
      ),
    );
  });
});

describe('shop -> presentment conversion', () => {
  it.each([
    ['USD', 'EUR', '0.92', 1600, 1472],
    ['USD', 'JPY', '151.37', 1600, 2422], // 16.00 USD = 2421.92 JPY -> 2422
    ['USD', 'KWD', '0.3071', 1600, 4914], // 4.9136 KWD -> 4.914
    ['JPY', 'USD', '0.0066', 2500, 1650],
    ['KWD', 'USD', '3.2561', 1250, 407], // 1.250 KWD = 4.070125 USD
    ['USD', 'EUR', '0.925', 1, 1], // 0.925 cent rounds half-up to 1
    ['USD', 'EUR', '0.5', 1, 1], // exactly half a cent rounds up
  ])('when %s is converted to %s at %s, then %i becomes %i', (from, to, rate, amount, expected) => {
    expect(convertToPresentment(amount, createConversion(from, to, { [to]: rate }))).toBe(expected);
  });

  it('when there is no rate for a different currency, then the amount is unpriceable rather than guessed', () => {
    expect(convertToPresentment(1600, createConversion('USD', 'EUR', {}))).toBeNull();
  });

  it('when any amount is converted between any two currencies, then it equals the exact half-up reference', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES),
        fc.constantFrom(...CODES),
        fc.integer({ min: 0, max: 1e10 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 0, max: 6 }),
        (from, to, amount, rateDigits, rateScale) => {
          fc.pre(from !== to);
          const digits = String(rateDigits).padStart(rateScale + 1, '0');
          const rate = rateScale === 0 ? digits : `${digits.slice(0, -rateScale)}.${digits.slice(-rateScale)}`;
          const exact = parseExactDecimal(rate);
          // amount / 10^ef * n / 10^k * 10^et, rounded half up, in BigInt
          const numerator = BigInt(amount) * BigInt(exact.numerator) * 10n ** BigInt(currencyExponent(to));
          const denominator = 10n ** BigInt(exact.scale + currencyExponent(from));
          const reference = (2n * numerator + denominator) / (2n * denominator);
          fc.pre(reference <= BigInt(Number.MAX_SAFE_INTEGER));
          expect(convertToPresentment(amount, createConversion(from, to, { [to]: rate }))).toBe(Number(reference));
        },
      ),
    );
  });
});

describe('quotes in both currencies', () => {
  const usdToEur = createConversion('USD', 'EUR', { EUR: '0.92' });

  it('when a variant has a presentment price list entry, then it wins over the rate', () => {
    const prices = quote(
      {
        shopUnitPriceMinor: 1600,
        shopCompareAtMinor: null,
        presentmentPrices: { EUR: 1500 },
        presentmentCompareAt: undefined,
        quantity: 1,
        plan: null,
        discount: null,
      },
      usdToEur,
    );
    expect(prices?.presentment.totalMinor).toBe(1500);
    expect(prices?.shop.totalMinor).toBe(1600);
  });

  it('when a fixed discount has no amount for the currency, then it is converted with the same rate', () => {
    const discount: DiscountDefinition = { type: 'fixed_amount', amountMinor: 500 };
    const prices = quote(
      {
        shopUnitPriceMinor: 1600,
        shopCompareAtMinor: null,
        presentmentPrices: undefined,
        presentmentCompareAt: undefined,
        quantity: 2,
        plan: null,
        discount,
      },
      usdToEur,
    );
    expect(prices?.presentment).toMatchObject({
      unitPriceMinor: 1472,
      discountMinor: 920,
      totalMinor: 2024,
      currency: 'EUR',
    });
    expect(prices?.shop).toMatchObject({
      unitPriceMinor: 1600,
      discountMinor: 1000,
      totalMinor: 2200,
      currency: 'USD',
    });
  });

  it('when a plan takes 10 % and the offer 15 %, then the offer applies to the plan price', () => {
    const prices = quote(
      {
        shopUnitPriceMinor: 1600,
        shopCompareAtMinor: null,
        presentmentPrices: undefined,
        presentmentCompareAt: undefined,
        quantity: 1,
        plan: { type: 'percentage', percent: 10 },
        discount: { type: 'percentage', percent: 15 },
      },
      createConversion('USD', 'USD', {}),
    );
    // 1600 -> plan 1440 -> 15 % off 1440 = 216 -> 1224
    expect(prices?.shop).toMatchObject({
      originalUnitPriceMinor: 1600,
      unitPriceMinor: 1440,
      discountMinor: 216,
      totalMinor: 1224,
    });
  });

  it('when a catalog variant is quoted as an offer line, then its price list, compare-at, plan and discount all count', () => {
    const variant = {
      priceMinor: 1600,
      compareAtPriceMinor: 2000,
      presentmentPricesMinor: { EUR: 1500 },
      presentmentCompareAtMinor: { EUR: 1900 },
    };
    const line = {
      quantity: 2,
      plan: { priceAdjustment: { type: 'percentage', percent: 10 } as const },
      discount: { type: 'percentage', percent: 15 } as const,
    };
    const prices = quote(quoteInputFor(variant, line), usdToEur);
    // EUR: 1500 from the price list -> plan 1350 -> x2 = 2700 -> 15 % off (405) = 2295; compare-at from its list.
    expect(prices?.presentment).toMatchObject({
      originalUnitPriceMinor: 1500,
      unitPriceMinor: 1350,
      quantity: 2,
      totalMinor: 2295,
      compareAtUnitPriceMinor: 1900,
    });
    // USD: 1600 -> plan 1440 -> x2 = 2880 -> 15 % off (432) = 2448.
    expect(prices?.shop).toMatchObject({ unitPriceMinor: 1440, totalMinor: 2448, compareAtUnitPriceMinor: 2000 });
    expect(quoteInputFor({ priceMinor: 1600 }, { quantity: 1, plan: null, discount: null })).toEqual({
      shopUnitPriceMinor: 1600,
      shopCompareAtMinor: null,
      presentmentPrices: undefined,
      presentmentCompareAt: undefined,
      quantity: 1,
      plan: null,
      discount: null,
    });
  });

  it('when a plan sets a fixed price, then that price is converted for the shopper', () => {
    expect(applyPlanAdjustment(1600, { type: 'price', priceMinor: 1200 }, 'presentment', usdToEur)).toBe(1104);
    expect(applyPlanAdjustment(1600, { type: 'fixed_amount', amountMinor: 2000 }, 'shop', usdToEur)).toBe(0);
  });
});

describe('exact integer arithmetic', () => {
  it('when products exceed 2^53, then floor and half-up division still match BigInt', () => {
    const big = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(big, fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e12 }), (a, b, d) => {
        const floorRef = (BigInt(a) * BigInt(b)) / BigInt(d);
        const halfRef = (BigInt(a) * BigInt(b) * 2n + BigInt(d)) / (2n * BigInt(d));
        if (floorRef <= BigInt(Number.MAX_SAFE_INTEGER)) expect(mulDivFloor(a, b, d)).toBe(Number(floorRef));
        else expect(() => mulDivFloor(a, b, d)).toThrow(RangeError);
        if (halfRef <= BigInt(Number.MAX_SAFE_INTEGER)) expect(mulDivHalfUp(a, b, d)).toBe(Number(halfRef));
      }),
    );
  });

  it.each([
    ['0.92', { numerator: 92, scale: 2 }],
    [0.92, { numerator: 92, scale: 2 }],
    [1e-7, { numerator: 1, scale: 7 }],
    ['151.370', { numerator: 15137, scale: 2 }],
    [1, { numerator: 1, scale: 0 }],
  ])('when the rate %s is read, then it is held exactly', (input, expected) => {
    expect(parseExactDecimal(input)).toEqual(expected);
  });
});
