import fc from 'fast-check';
import { isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../test/emulator/schema/fetch.js';
import { CURRENCY_EXPONENTS, currencyExponent, decimalToMinor, formatMoney, minorToDecimal, UnknownCurrencyError } from './currency.js';

describe('currency exponents', () => {
  it('when Shopify lists a currency in the Admin API CurrencyCode enum, then the engine knows its exponent', () => {
    const type = loadSchema('admin').getType('CurrencyCode');
    if (!type || !isEnumType(type)) throw new Error('CurrencyCode enum missing from the Admin schema');
    const codes = type.getValues().map((value) => value.name);
    expect(codes.length).toBeGreaterThan(150);
    expect(codes.filter((code) => CURRENCY_EXPONENTS[code] === undefined)).toEqual([]);
  });

  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['XOF', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
    ['CLF', 4],
  ])('when the currency is %s, then the exponent is %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it('when the code is unknown, then a typed error names it', () => {
    expect(() => currencyExponent('ABC')).toThrow(UnknownCurrencyError);
  });
});

describe('decimal <-> minor units', () => {
  it.each([
    ['16.00', 'USD', 1600],
    ['16', 'USD', 1600],
    ['16.5', 'USD', 1650],
    ['16.000', 'USD', 1600],
    ['1500', 'JPY', 1500],
    ['1500.00', 'JPY', 1500],
    ['1.250', 'KWD', 1250],
    ['0.001', 'BHD', 1],
  ])('when "%s" %s is parsed, then it is %i minor units', (text, code, minor) => {
    expect(decimalToMinor(text, code)).toBe(minor);
  });

  it.each([
    ['16.005', 'USD'],
    ['1500.5', 'JPY'],
    ['1.2345', 'KWD'],
    ['abc', 'USD'],
  ])('when "%s" %s cannot be represented exactly, then parsing throws instead of rounding', (text, code) => {
    expect(() => decimalToMinor(text, code)).toThrow(RangeError);
  });

  it('when any amount is written and read back in any currency, then it is unchanged', () => {
    const codes = Object.keys(CURRENCY_EXPONENTS);
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.integer({ min: -1e12, max: 1e12 }), (code, minor) => {
        expect(decimalToMinor(minorToDecimal(minor, code), code)).toBe(minor);
      }),
    );
  });

  it('when amounts are formatted for shoppers, then the locale and the exponent are respected', () => {
    expect(formatMoney(1600, 'USD', 'en')).toBe('$16.00');
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney(1250, 'KWD', 'en')).toContain('1.250');
    expect(formatMoney(1600, 'EUR', 'fr').replace(/\s/g, ' ')).toBe('16,00 €');
    expect(formatMoney(1600, 'USDC', 'en')).toBe('16.00 USDC');
  });
});
