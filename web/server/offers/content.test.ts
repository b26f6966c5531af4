import { describe, expect, it } from 'vitest';
import { discountLabel, fillPlaceholders, resolveLocale } from './content.js';

const normalizeSpaces = (text: string | null) => text?.replace(/\s/g, ' ') ?? null;

describe('locales', () => {
  it.each([
    ['fr-CA', { en: 1, fr: 1 }, 'en', 'fr'],
    ['sv_SE', { en: 1, sv: 1 }, 'en', 'sv'],
    ['de', { en: 1, fr: 1 }, 'fr', 'fr'], // no German texts: the shop default
    ['ja', { de: 1 }, 'en', 'de'], // neither: whatever text exists
    ['ja', {}, 'en', null],
  ] as const)('when the shopper reads %s and the step has %o (default %s), then %s is used', (shopper, available, fallback, expected) => {
    expect(resolveLocale(shopper, available, fallback)).toBe(expected);
  });
});

describe('discount labels', () => {
  it.each([
    ['en', { kind: 'percentage', hundredths: 1500 }, 'USD', '15% off'],
    ['fr', { kind: 'percentage', hundredths: 1250 }, 'EUR', '12,5 % de réduction'],
    ['de', { kind: 'percentage', hundredths: 1000 }, 'EUR', '10 % Rabatt'],
    ['es', { kind: 'fixed', perUnitMinor: 500 }, 'EUR', '5,00 € de descuento cada uno'],
    ['sv', { kind: 'fixed', perUnitMinor: 5000 }, 'SEK', '50,00 kr rabatt styck'],
    ['en', { kind: 'fixed', perUnitMinor: 300 }, 'JPY', '¥300 off each'],
  ] as const)('when the shopper reads %s, then %o in %s reads "%s"', (locale, discount, currency, expected) => {
    expect(normalizeSpaces(discountLabel(discount, currency, locale))).toBe(expected);
  });

  it('when there is no discount, then there is no label', () => {
    expect(discountLabel(null, 'USD', 'en')).toBeNull();
  });
});

describe('placeholders', () => {
  it('when merchant texts use {product} and {discount}, then both are filled and unknown braces are left visible', () => {
    const filled = fillPlaceholders(
      { headline: 'Add {product}', body: '{discount} today, {typo} stays', button: 'Yes', declineButton: null },
      { product: 'Sencha', discount: '10% off' },
    );
    expect(filled).toEqual({
      headline: 'Add Sencha',
      body: '10% off today, {typo} stays',
      button: 'Yes',
      declineButton: null,
    });
  });
});
