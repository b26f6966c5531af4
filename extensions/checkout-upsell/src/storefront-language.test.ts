// The checkout's BCP 47 language tags mapped to the Storefront API's LanguageCode, checked against the enum of
// Shopify's real Storefront 2026-07 schema: a produced value the enum lacks fails here.
import fc from 'fast-check';
import { assertEnumType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { storefrontLanguage } from './storefront-language.js';
import { storefrontSchema } from './test-support/storefront.js';

let languageCodes: Set<string>;
beforeAll(async () => {
  const schema = await storefrontSchema();
  languageCodes = new Set(
    assertEnumType(schema.getType('LanguageCode'))
      .getValues()
      .map((value) => value.name),
  );
});

/** How checkout writes an enum value as a tag: `PT_BR` -> `pt-BR`, `EN` -> `en`. */
const asCheckoutTag = (code: string) => code.toLowerCase().replace(/_(\w+)$/, (_match, region: string) => `-${region.toUpperCase()}`);
const REGIONS = ['US', 'GB', 'CA', 'AU', 'IN', 'BR', 'PT', 'AO', 'MX', '419', 'CH', 'BE', 'CN', 'TW', 'HK', 'MO', 'SG'];

describe('storefrontLanguage', () => {
  it('when checkout reports a language the Storefront has, spelled as checkout does (en, fil, pt-BR, zh-TW), then it is that value', () => {
    expect(languageCodes.size).toBeGreaterThan(100);
    for (const code of languageCodes)
      expect([asCheckoutTag(code), storefrontLanguage(asCheckoutTag(code))]).toEqual([asCheckoutTag(code), code]);
  });

  it('when the tag carries any region, then the value is in the enum: the regional one where it exists, else the base language', () => {
    for (const code of languageCodes) {
      const base = code.split('_')[0]!;
      for (const region of REGIONS) {
        const tag = `${base.toLowerCase()}-${region}`;
        const value = storefrontLanguage(tag);
        expect(languageCodes.has(value ?? ''), `${tag} -> ${value}`).toBe(true);
        if (base !== 'PT' && base !== 'ZH') expect(value, tag).toBe(base);
      }
    }
  });

  it.each([
    ['en-US', 'EN'],
    ['en_us', 'EN'],
    ['fr-CA', 'FR'],
    ['es-419', 'ES'],
    ['pt-BR', 'PT_BR'],
    ['pt-PT', 'PT_PT'],
    ['pt-AO', 'PT'],
    ['zh-TW', 'ZH_TW'],
    ['zh-HK', 'ZH_TW'],
    ['zh-Hant', 'ZH_TW'],
    ['zh-Hant-CN', 'ZH_TW'],
    ['zh-CN', 'ZH_CN'],
    ['zh-Hans-SG', 'ZH_CN'],
    ['zh', 'ZH'],
    ['sr-Latn-RS', 'SR'],
    ['FIL-ph', 'FIL'],
  ])('when the buyer reads %s, then the Storefront is asked in %s', (tag, expected) => {
    expect(storefrontLanguage(tag)).toBe(expected);
    expect(languageCodes.has(expected)).toBe(true);
  });

  it.each([[''], ['   '], ['e'], ['klingon'], ['123'], ['-US'], ['en US'], [undefined], [null]])(
    'when checkout reports %j, then no language is sent (the query runs in the shop default)',
    (tag) => {
      expect(storefrontLanguage(tag)).toBeUndefined();
    },
  );

  it('when the tag is anything at all, then it never throws and gives nothing or an enum-shaped value', () => {
    fc.assert(
      fc.property(fc.string(), (tag) => {
        const value = storefrontLanguage(tag);
        return value === undefined || /^[A-Z]{2,3}(_[A-Z]{2})?$/.test(value);
      }),
    );
  });
});
