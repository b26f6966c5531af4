// An offer's texts in checkout: `title` is the product title (translated where the catalog has translations, plus
// the variant name), `description` the step's headline with {product} and {discount} filled in, per language the
// step has. The shop's default language is always present (falling back to the first text there is).
import type { LocalizedText } from '../../../../extensions/checkout-upsell/src/offers-contract.js';
import {
  type CatalogProduct,
  type CatalogVariant,
  createConversion,
  type Discount,
  discountLabel,
  fillPlaceholders,
  LOCALES,
  type Locale,
  resolveDiscount,
  resolveLocale,
  type Step,
} from '../../offers/index.js';

export function localizedProductTitle(product: CatalogProduct, defaultLocale: Locale): LocalizedText {
  const text: Record<string, string> = { [defaultLocale]: product.titleTranslations?.[defaultLocale] ?? product.title };
  for (const locale of LOCALES) {
    const translated = product.titleTranslations?.[locale];
    if (translated && locale !== defaultLocale) text[locale] = translated;
  }
  return text;
}

export function offerTitle(product: CatalogProduct, variant: CatalogVariant, defaultLocale: Locale): LocalizedText {
  const base = localizedProductTitle(product, defaultLocale);
  if (product.variants.length <= 1 || !variant.title || variant.title === 'Default Title') return base;
  return Object.fromEntries(Object.entries(base).map(([locale, title]) => [locale, `${title} – ${variant.title}`]));
}

/** The step's headline per language ({discount} as the shop-currency amount), or null when the step has no texts. */
export function offerDescription(
  step: Step,
  product: CatalogProduct,
  discount: Discount | null,
  shopCurrency: string,
  defaultLocale: Locale,
): LocalizedText | null {
  const resolved = resolveDiscount(discount, 'shop', createConversion(shopCurrency, shopCurrency, {}));
  const shopDiscount = resolved === 'unpriceable' ? null : resolved;
  const headline = (locale: Locale) => {
    const content = step.content[locale];
    if (!content) return null;
    return fillPlaceholders(content, {
      product: product.titleTranslations?.[locale] ?? product.title,
      discount: discountLabel(shopDiscount, shopCurrency, locale),
    }).headline;
  };
  const text: Record<string, string> = {};
  const fallback = resolveLocale(defaultLocale, step.content, defaultLocale);
  if (fallback === null) return null;
  text[defaultLocale] = headline(fallback)!;
  for (const locale of LOCALES) {
    if (locale === defaultLocale) continue;
    const value = headline(locale);
    if (value !== null) text[locale] = value;
  }
  return text;
}
