// The buyer's language for the Storefront API's @inContext(language:).
//
// Checkout reports it as a BCP 47 tag (`Language.isoCode`, @shopify/ui-extensions 2026.7: "a base language and an
// optional region subtag", e.g. `en`, `en-US`, `pt-BR`); the Storefront API wants a `LanguageCode` enum value. That
// enum (Storefront 2026-07) has one value per base language (`EN`, `FR`, `FIL`, `CKB`…) and regional values only for
// Portuguese and Chinese (`PT_BR`, `PT_PT`, `ZH_CN`, `ZH_TW`): there is no `EN_US`. So the rule is the regional value
// where one exists, else the base language; no list of the ~140 base languages is shipped.
// storefront-language.test.ts checks the rule against the real enum: every value the enum has, written as checkout
// writes it and with any region, maps to a value of the enum.
//
// A tag that does not start with a 2-3 letter language gives `undefined` (the query then runs without a language).
// A well-formed language the enum lacks (`tlh`) makes the Storefront API answer with errors: the caller asks again
// without a language (selling-plans.ts), so no locale can make the query fail.

/** Subtags (script or region, lowercase) that pick a regional enum value. */
const REGIONAL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pt: { br: 'PT_BR', pt: 'PT_PT' },
  // Traditional Chinese is written in Taiwan, Hong Kong and Macau; Simplified in mainland China and Singapore.
  zh: { hant: 'ZH_TW', tw: 'ZH_TW', hk: 'ZH_TW', mo: 'ZH_TW', hans: 'ZH_CN', cn: 'ZH_CN', sg: 'ZH_CN' },
};

export function storefrontLanguage(isoCode: string | null | undefined): string | undefined {
  const [language = '', ...subtags] = (isoCode ?? '').trim().toLowerCase().split(/[-_]/);
  if (!/^[a-z]{2,3}$/.test(language)) return undefined;
  // In BCP 47 the script comes before the region, so zh-Hant-CN reads as Traditional.
  for (const subtag of subtags) {
    const regional = REGIONAL[language]?.[subtag];
    if (regional) return regional;
  }
  return language.toUpperCase();
}
