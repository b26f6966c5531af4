// Localized, display-ready texts: locale fallback (fr-CA -> fr -> shop default), placeholders in merchant texts,
// and the few words the engine writes itself (discount labels, plan and tier names).
import { formatMoney } from './currency.js';
import { LOCALES, type Locale, type StepContent } from './definitions.js';

/** Picks the step's locale for a shopper: exact language, then the shop default, then any text there is. */
export function resolveLocale(shopperLocale: string, available: Partial<Record<Locale, unknown>>, defaultLocale: Locale): Locale | null {
  const language = shopperLocale.trim().toLowerCase().split(/[-_]/)[0];
  if (isLocale(language) && available[language] !== undefined) return language;
  if (available[defaultLocale] !== undefined) return defaultLocale;
  for (const locale of LOCALES) if (available[locale] !== undefined) return locale;
  return null;
}

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALES as readonly string[]).includes(value);
}

const OFF: Record<Locale, (amount: string) => string> = {
  en: (amount) => `${amount} off`,
  fr: (amount) => `${amount} de réduction`,
  es: (amount) => `${amount} de descuento`,
  de: (amount) => `${amount} Rabatt`,
  sv: (amount) => `${amount} rabatt`,
};

const EACH: Record<Locale, string> = { en: 'each', fr: 'chacun', es: 'cada uno', de: 'pro Stück', sv: 'styck' };

const ONE_TIME: Record<Locale, string> = {
  en: 'One-time purchase',
  fr: 'Achat unique',
  es: 'Compra única',
  de: 'Einmalkauf',
  sv: 'Engångsköp',
};

export function oneTimeLabel(locale: Locale): string {
  return ONE_TIME[locale];
}

const PERCENT_FORMATS = new Map<Locale, Intl.NumberFormat>();

/** "15% off", "-15 % de réduction"... and "€5.00 off each" for fixed amounts. */
export function discountLabel(
  discount: { kind: 'percentage'; hundredths: number } | { kind: 'fixed'; perUnitMinor: number } | null,
  currency: string,
  locale: Locale,
): string | null {
  if (!discount) return null;
  if (discount.kind === 'percentage') {
    let format = PERCENT_FORMATS.get(locale);
    if (!format) {
      format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
      PERCENT_FORMATS.set(locale, format);
    }
    return OFF[locale](format.format(discount.hundredths / 10_000));
  }
  return `${OFF[locale](formatMoney(discount.perUnitMinor, currency, locale))} ${EACH[locale]}`;
}

/**
 * Merchant texts may use {product} and {discount}; anything else in braces is left as written so a typo is
 * visible in the preview rather than silently removed.
 */
export function fillPlaceholders(content: StepContent, values: { product: string; discount: string | null }) {
  const fill = (text: string) =>
    text.includes('{') ? text.replace(/\{(product|discount)\}/g, (_, key: 'product' | 'discount') => values[key] ?? '') : text;
  return {
    headline: fill(content.headline),
    body: fill(content.body),
    button: fill(content.button),
    declineButton: content.declineButton === null ? null : fill(content.declineButton),
  };
}
